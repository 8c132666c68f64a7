"""`xlkit rescore FILE -o OUT`: a copy with 得分 and 总分 recomputed under the profile."""
from __future__ import annotations

import click


@click.command("rescore", help="""按评分规则重算定量指标得分、预算执行率得分和总分，另存一份工作簿。

输入文件不会被修改；输出文件已存在时需加 --force。定性指标得分属于评价判断，保持原样。
仅支持 .xlsx/.xlsm（.xls/.ods 请先另存为 .xlsx）。屏幕上列出每个改动的单元格：表名!单元格 原值 -> 新值。

\b
示例：
  xlkit rescore samples/安庆市总工会2022.xlsx -o 重算后.xlsx
  xlkit rescore 自评表.xlsx -o 重算后.xlsx --profile 某省.yaml --force
""")
@click.argument("file", type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="输出文件（.xlsx）")
@click.option("--profile", "profile_path", type=click.Path(), help="评分规则文件（YAML）；默认为内置的 mof2020")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def command(file, output, profile_path, force) -> None:
    from ..rescore import rescore
    from ..scoring import load_profile

    changes = rescore(file, output, profile=load_profile(profile_path), force=force)
    for ch in changes:
        click.echo(ch.line())
    click.echo(f"共改动 {len(changes)} 个单元格，已写入 {output}")

"""`xlkit fill`: data (YAML/JSON/Excel/CSV) -> filled 自评表 workbook."""
from __future__ import annotations

import click


@click.command(name="fill", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="输出的 .xlsx 文件")
@click.option("--template", "-t", "template", default=None, type=click.Path(exists=True, dir_okay=False),
              help="使用自己的模板（含 {项目名称}、{.三级指标} 等占位符），默认用内置模板")
@click.option("--force", "-f", is_flag=True, help="覆盖已存在的输出文件")
def command(data, output, template, force):
    """由数据填写项目支出绩效自评表。

    DATA 可以是：一个项目或一个部门的 YAML/JSON 文件；含“项目”“指标”（可选“项目清单”）
    工作表的 Excel 文件；项目.csv + 指标.csv（或含这两个文件的目录）。
    一个项目生成一张表；部门数据生成“部门绩效自评项目清单”和每个项目一张表。
    数据有误时给出项目、字段和行号，退出码 2，不生成文件。

    \b
    示例：
      xlkit fill samples/安庆市总工会2022.yaml -o 安庆市总工会2022.xlsx
      xlkit fill samples/安庆市总工会2022-数据表.xlsx -o 自评表.xlsx --force
      xlkit fill 项目.csv 指标.csv -o 自评表.xlsx --template 本省模板.xlsx
    """
    from ..fill import fill

    path = fill(list(data), output, template=template, force=force)
    click.echo(f"已生成：{path}")

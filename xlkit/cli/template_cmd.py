"""`xlkit template`: a blank 自评表, or a department's bundle of blank forms."""
from __future__ import annotations

import click


@click.command(name="template", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--year", "-y", type=click.IntRange(1900, 2099), default=None, help="年度，如 2024（写入“（2024年度）”）")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="输出的 .xlsx 文件")
@click.option("--department", "-d", default=None, help="主管部门名称，如 安庆市总工会")
@click.option("--projects", "-p", default=None, type=click.Path(exists=True, dir_okay=False),
              help="项目清单（.xlsx 或 .csv，表头：序号、项目名称、备注），每个项目生成一张表")
@click.option("--template", "-t", "template", default=None, type=click.Path(exists=True, dir_okay=False),
              help="使用自己的模板（含 {项目名称} 等占位符），默认用内置模板")
@click.option("--force", "-f", is_flag=True, help="覆盖已存在的输出文件")
def command(year, output, department, projects, template, force):
    """生成空白项目支出绩效自评表，或一个部门的自评表模板（项目清单 + 每个项目一张表）。

    空白表列出标准二级指标（数量、质量、时效、成本……），每个一张空行。

    \b
    示例：
      xlkit template --year 2024 -o 空白自评表.xlsx
      xlkit template --year 2024 --department 安庆市总工会 --projects 清单.xlsx -o 安庆市总工会2024.xlsx
    """
    from ..template import write_blank

    path = write_blank(output, year, template=template, force=force, department=department,
                       projects=projects)
    click.echo(f"已生成：{path}")

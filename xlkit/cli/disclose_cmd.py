"""`xlkit disclose`: the 绩效评价结果信息表 (disclosure table) from forms and their reports."""
from __future__ import annotations

import click


@click.command(name="disclose", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .xlsx 文件")
@click.option("--report", "reports", multiple=True, type=click.Path(exists=True),
              help="绩效自评/评价报告（文件或目录，可重复）；目录中与自评表放在一起、文件名含“报告”的也会读取")
@click.option("--profile", "profile_path", type=click.Path(), help="评分规则文件（YAML），用于推算评价结论")
@click.option("--force", "-f", is_flag=True, help="覆盖已存在的输出文件")
def command(paths, output, reports, profile_path, force):
    """生成绩效评价结果信息表（项目名称、决算金额、评价分值、评价结论、主要绩效、存在问题、整改建议、整改情况）。

    每个项目一块，打印时一页一个项目。数字取自自评表；存在问题、整改建议优先取自按项目名称配对的报告，
    否则取自自评表的扣分及偏差原因；无法取得的内容（如整改情况）以黄色底纹的【请填写：……】标出。

    \b
    示例：
      xlkit disclose samples/安庆市总工会2022.xlsx -o 结果信息表.xlsx
      xlkit disclose 收到的自评表/ -o 结果信息表.xlsx        （目录中的“…报告.docx/.txt”一并读取）
      xlkit disclose 自评表.xlsx --report 报告/ -o 结果信息表.xlsx --force
    """
    from ..errors import XlkitError
    from ..writers.disclose import disclose

    if not output.lower().endswith(".xlsx"):
        raise XlkitError(f"输出文件应以 .xlsx 结尾：{output}")

    profile = None
    if profile_path:
        from ..scoring import load_profile
        profile = load_profile(profile_path)
    path, notes = disclose(list(paths), output, reports=list(reports), force=force, profile=profile)
    for line in notes:
        click.echo(line, err=True)
    click.echo(f"已生成：{path}")

"""`xlkit report`: a draft 绩效自评报告 (.docx) from a filled form."""
from __future__ import annotations

import re
from pathlib import Path

import click

from ..errors import XlkitError


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "项目"


@click.command(name="report", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("form_file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(),
              help="输出的 .docx 文件；工作簿含多张自评表且未指定 --project 时为输出目录")
@click.option("--project", "project", default=None, help="只为这个项目（项目名称）生成报告")
@click.option("--profile", "profile_path", type=click.Path(), help="评分规则文件（YAML），用于推算评价等级")
@click.option("--force", "-f", is_flag=True, help="覆盖已存在的输出文件")
def command(form_file, output, project, profile_path, force):
    """由自评表生成绩效自评报告草稿（.docx）。

    报告中的数字（资金、执行率、各级指标分值与得分、总分、等级、扣分及原因）全部取自自评表，
    因此与自评表不会矛盾；需要人工撰写的地方以黄色底纹的【请填写：……】标出。

    \b
    示例：
      xlkit report 自评表.xlsx -o 自评报告.docx
      xlkit report samples/安庆市总工会2022.xlsx --project 困难劳模帮扶专项 -o 困难劳模自评报告.docx
      xlkit report samples/安庆市总工会2022.xlsx -o 报告草稿/     （每个项目一份）
    """
    from ..read import read_workbook
    from ..writers.report_docx import write_report_docx

    profile = None
    if profile_path:
        from ..scoring import load_profile
        profile = load_profile(profile_path)
    out = Path(output)
    if out.suffix and out.suffix.lower() != ".docx" and not out.is_dir():
        raise XlkitError(f"输出文件应以 .docx 结尾：{output}（或给出一个输出目录）")
    bundle = read_workbook(form_file)
    forms = bundle.forms
    if not forms:
        raise XlkitError(f"{form_file} 中没有找到项目支出绩效自评表")
    if project:
        wanted = re.sub(r"\s+", "", project)
        forms = [f for f in forms if re.sub(r"\s+", "", f.name) == wanted]
        if not forms:
            names = "、".join(f.name for f in bundle.forms)
            raise XlkitError(f"{form_file} 中没有项目“{project}”；现有项目：{names}")
    out = Path(output)
    if len(forms) == 1 and (out.suffix.lower() == ".docx" or not out.is_dir()) and out.suffix:
        write_report_docx(forms[0], out, force=force, inputs=(form_file,), profile=profile)
        click.echo(f"已生成报告草稿：{out}（请补写【请填写】处）")
        return
    if out.suffix.lower() == ".docx":
        names = "、".join(f.name for f in forms)
        raise XlkitError(f"{form_file} 含 {len(forms)} 张自评表（{names}）；请用 --project 指定一个，或把 -o 设为目录")
    out.mkdir(parents=True, exist_ok=True)
    for form in forms:
        target = out / f"{_safe_name(form.name)}绩效自评报告.docx"
        write_report_docx(form, target, force=force, inputs=(form_file,), profile=profile)
        click.echo(f"已生成报告草稿：{target}")

"""`xlkit check`: read workbooks, run the rules, print Chinese text or JSON.

The command builds a CheckReport with xlkit.engine.check and then hands it to writers;
further outputs (annotated copies, a summary workbook) plug in after the report is built,
in `_extra_outputs`, without touching the checking.
"""
from __future__ import annotations

import sys

import click

from ..errors import XlkitError

HELP = """校验项目支出绩效自评表：分值、得分、预算执行、公式、叙述、部门清单、与绩效报告的一致性。

FILES 可为文件或目录（目录下的 .xlsx/.xlsm/.xls/.ods/.et 全部检查，跳过 ~$ 临时文件）。退出码：0 无错误级问题，
1 有错误级问题，2 无法运行（没有能读取的文件或参数错误）。

\b
--select/--ignore 接受代码（S03）、前缀（S、W0）或级别（E 错误、W 警告、I 提示），可用逗号分隔；
注意 W 表示警告级别，权重组请写 W0。

\b
示例：
  xlkit check samples/安庆市总工会2022.xlsx
  xlkit check 收到的自评表/ --jobs 4 --format json -o 结果.json
  xlkit check 自评表.xlsx --select S,B --ignore I
  xlkit check 自评表.xlsx --report 绩效评价报告.docx
  xlkit check 自评表.xlsx --profile 四川.yaml
  xlkit check 收到的/ --report 收到的/ --annotate 标注/ --summary 汇总.xlsx
"""


def _progress(total_threshold: int = 20):
    """A one-line progress counter on stderr, only for long batches on a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(i: int, n: int) -> None:
        if n < total_threshold:
            return
        width = 30
        done = int(width * i / n)
        sys.stderr.write(f"\r检查中 [{'#' * done}{'.' * (width - done)}] {i}/{n}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _write(report, fmt: str, out) -> None:
    if fmt == "json":
        from ..writers.json_writer import write_json
        write_json(report, out)
    else:
        from ..writers.console import write_text
        write_text(report, out)


def _extra_outputs(report, options: dict) -> None:
    """Outputs built from the finished report (annotated copies, summary workbook) go here."""
    done = []
    if options.get("annotate"):
        from ..writers.annotate import annotate_workbooks
        done = annotate_workbooks(report, options["annotate"], force=options.get("force", False))
        rebuilt = [r for r in done if r.method == "values"]
        click.echo(f"标注副本 {len(done)} 个已写入 {options['annotate']}"
                   + (f"（其中 {len(rebuilt)} 个 .xls/.ods 未装 LibreOffice，仅按数值重建）" if rebuilt else ""), err=True)
    if options.get("summary"):
        from ..writers.summary import write_summary
        write_summary(report, options["summary"], force=options.get("force", False),
                      inputs=tuple(options.get("inputs", ())), report_names=options.get("report_names"),
                      annotated={r.source: r.path for r in done})
        click.echo(f"汇总表已写入 {options['summary']}", err=True)


@click.command("check", help=HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--profile", "profile_path", type=click.Path(), help="评分规则文件（YAML）；默认为内置的 mof2020")
@click.option("--select", multiple=True, help="只运行这些规则（代码、前缀或级别，逗号分隔）")
@click.option("--ignore", multiple=True, help="不运行这些规则（代码、前缀或级别，逗号分隔）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@click.option("--report", "reports", multiple=True, type=click.Path(), help="对应的绩效自评/评价报告（.docx/.txt），可重复")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="并行进程数")
@click.option("-o", "--output", type=click.Path(), help="把结果写入文件（默认输出到屏幕）")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
              help="把每个工作簿复制一份（.xlsx）到此目录：问题写成批注并按级别着色，首页“校验结果”")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
              help="写出批量汇总工作簿（.xlsx）：每表一行、问题清单、统计图表")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def command(files, profile_path, select, ignore, fmt, reports, jobs, output, force, annotate_dir, summary_path) -> None:
    from ..engine import check
    from ..scoring import load_profile

    profile = load_profile(profile_path)
    from ..outputs import check_output
    if summary_path:
        if not summary_path.lower().endswith(".xlsx"):
            raise XlkitError(f"汇总表文件应以 .xlsx 结尾：{summary_path}")
        check_output(summary_path, force=force, inputs=tuple(files))  # fail before the long run, not after
    if output:
        if output.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods", ".et", ".docx", ".doc", ".pdf")):
            hint = "汇总工作簿请用 --summary，" if output.lower().endswith((".xlsx", ".xls", ".ods", ".et", ".xlsm")) else ""
            raise XlkitError(f"-o 写出的是{'JSON' if fmt == 'json' else '文字'}结果，不能存为 {output}；"
                             f"{hint}请用 .{'json' if fmt == 'json' else 'txt'} 文件名")
        check_output(output, force=force, inputs=tuple(files))
    facts, report_names, bundles = None, {}, None
    if reports:
        # --report takes files or folders (also the forms' own folder); reports pair with forms by 项目名称
        from ..pairing import reports_for_check
        got = reports_for_check(files, reports)
        for line in got.lines:
            click.echo(line, err=True)
        facts, report_names, bundles = got.facts, got.report_names, got.bundles
    report = check(files, profile=profile, select=select or None, ignore=ignore or None,
                   reports=facts, jobs=jobs, progress=_progress(), keep_bundles=bool(summary_path),
                   bundles=bundles)
    if not report.files:
        raise XlkitError("没有找到可检查的文件：" + "、".join(files))
    if output:
        from ..outputs import atomic_path
        with atomic_path(output, force=force, inputs=tuple(files)) as tmp:
            with open(tmp, "w", encoding="utf-8") as out:
                _write(report, fmt, out)
        click.echo(f"结果已写入 {output}", err=True)
    else:
        import io
        buf = io.StringIO()
        _write(report, fmt, buf)
        try:
            click.echo(buf.getvalue(), nl=False)
        except BrokenPipeError:  # `xlkit check … | head`: the reader left, nothing to say
            sys.stderr.close()
    _extra_outputs(report, {"annotate": annotate_dir, "summary": summary_path, "force": force,
                            "inputs": files, "report_names": report_names})
    click.get_current_context().exit(report.exit_code)

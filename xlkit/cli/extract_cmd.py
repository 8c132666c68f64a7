"""`xlkit extract`: 自评表 workbooks -> the 项目 / 指标 (/ 项目清单) tables that `xlkit fill` takes."""
from __future__ import annotations

import click


@click.command(name="extract", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=True),
              help="输出文件：.xlsx（项目清单/项目/指标 三张工作表）或 .csv（三个 CSV 文件）")
@click.option("--force", "-f", is_flag=True, help="覆盖已存在的输出文件")
def command(inputs, output, force):
    """把自评表工作簿读成“项目”“指标”两张表（以及“项目清单”）。

    INPUTS 可以是一个或多个工作簿（.xlsx .xlsm .xls .ods，含 WPS 保存的文件和预算系统导出的网页/XML 格式 .xls），也可以是文件夹（递归查找其中的工作簿，跳过 ~$ 临时文件和隐藏文件）。

    表格可以在工作表的任意位置，一个工作表可以有多张表，也可以每张表一个工作表；按标签（项目名称、年初预算数、一级指标……）定位，不依赖固定单元格。输出的列与 `xlkit fill` 的输入相同，另加 来源文件/工作表/单元格 三列。

    无法读取的文件（损坏、加密、不是表格……）各在标准错误输出一行说明，其余文件照常处理；全部文件都无法读取（或都没有自评表）时退出码为 2。

    \b
    示例：
      xlkit extract 收到的自评表/ -o 汇总.xlsx
      xlkit extract a.xlsx b.xls -o 汇总.csv --force
      xlkit extract 自评表.xlsx -o 表.xlsx && xlkit fill 表.xlsx -o 重填.xlsx
    """
    from ..data import bundle_to_tables, write_tables
    from ..errors import ReadError, XlkitError
    from ..model import Bundle
    from ..read import iter_input_files, read_workbook

    files = []
    problems = 0
    for p in inputs:
        try:
            files.extend(iter_input_files([p]))
        except ReadError as e:
            click.echo(f"错误：{e.message}", err=True)
            problems += 1
    combined = Bundle()
    unlisted = []
    read_ok = 0
    no_form = 0
    for f in files:
        try:
            b = read_workbook(f)
        except ReadError as e:
            click.echo(f"错误：{e.message}", err=True)
            problems += 1
            continue
        read_ok += 1
        if not b.forms:
            click.echo(f"警告：{f}：未找到项目支出绩效自评表（R02）", err=True)
            no_form += 1
            if not b.project_list:
                continue
        combined.forms.extend(b.forms)
        combined.project_list.extend(b.project_list)
        if not b.project_list:
            unlisted.extend(b.forms)
        if combined.department is None:
            combined.department = b.department
        if combined.year is None:
            combined.year = b.year
        if combined.source is None:
            combined.source = b.source
    if not combined.forms:
        if not files and not problems:
            raise XlkitError("没有找到任何工作簿文件（.xlsx .xlsm .xls .ods）")
        if read_ok == 0:
            raise XlkitError(f"没有可读取的文件：{problems} 个文件均无法读取")
        raise XlkitError("所给文件中没有找到项目支出绩效自评表，未生成输出")
    if combined.project_list:
        # forms from files without a 项目清单 still get a line in the 项目清单 table; a file's
        # own list is kept as written (its mismatches are for `xlkit check` to report)
        from ..model import ProjectEntry, Value

        for form in unlisted:
            combined.project_list.append(ProjectEntry(seq=Value(len(combined.project_list) + 1),
                                                      name=Value(form.name, form.name)))
    tables = bundle_to_tables(combined, with_source=True)
    written = write_tables(tables, output, force=force, inputs=tuple(files))
    n_ind = sum(len(f.indicators) for f in combined.forms)
    targets = "、".join(str(w) for w in written)
    click.echo(f"已提取 {len(combined.forms)} 个项目、{n_ind} 条指标（{read_ok} 个文件）：{targets}")

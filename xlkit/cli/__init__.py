"""The `xlkit` command. Commands are thin wrappers over the library and are loaded lazily:
`xlkit check` must start faster than `import openpyxl`, so a command's module (and the
Excel libraries it needs) is imported only when that command runs."""
from __future__ import annotations

import importlib
import os
import sys

import click

from ..errors import XlkitError

# command name -> module under xlkit.cli that defines a click command called `command`
COMMANDS = {
    "template": "template_cmd",
    "fill": "fill_cmd",
    "extract": "extract_cmd",
    "check": "check_cmd",
    "rescore": "rescore_cmd",
    "rules": "rules_cmd",
    "report": "report_cmd",
    "disclose": "disclose_cmd",
}

SHORT_HELP = {
    "template": "生成空白自评表或部门自评表模板",
    "fill": "由数据（YAML/JSON/Excel/CSV）填写自评表",
    "extract": "把自评表读成 项目/指标 两张表",
    "check": "校验自评表：分值、得分、预算、公式、叙述、报告",
    "rescore": "按评分规则重算得分并另存一份",
    "rules": "列出全部校验规则代码",
    "report": "由自评表生成绩效自评报告草稿（.docx）",
    "disclose": "生成绩效评价结果信息表",
}


class ChineseHelpFormatter(click.HelpFormatter):
    """Help pages in Chinese: the people reading them fill forms, not English manuals."""

    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def section(self, name):
        return super().section(self.HEADINGS.get(name, name))


click.Context.formatter_class = ChineseHelpFormatter
_click_help_option = click.Command.get_help_option


def _chinese_help_option(self, ctx):
    opt = _click_help_option(self, ctx)
    if opt is not None:
        opt.help = "显示本帮助并退出"
    return opt


click.Command.get_help_option = _chinese_help_option


# Usage errors (bad option values, missing files, unknown options) come from click in English
# with a usage block; users get one Chinese line instead, as for every other refusal (exit 2).
_USAGE_PATTERNS = [
    (r"^Invalid value for (.+?): (?:File|Directory|Path) '(.*)' does not exist\.$", r"\1：文件或文件夹不存在：\2"),
    (r"^Invalid value for (.+?): (?:File|Directory|Path) '(.*)' is a directory\.$", r"\1：应为文件而不是文件夹：\2"),
    (r"^Invalid value for (.+?): (?:File|Directory|Path) '(.*)' is a file\.$", r"\1：应为文件夹而不是文件：\2"),
    (r"^Invalid value for (.+?): (?:File|Directory|Path) '(.*)' is not readable\.$", r"\1：无权读取：\2"),
    (r"^Invalid value for (.+?): (.*) is not in the range (.*)\.$", r"\1 的值 \2 超出范围（应为 \3）"),
    (r"^Invalid value for (.+?): '(.*)' is not a valid integer(?: range)?\.$", r"\1 的值「\2」不是整数"),
    (r"^Invalid value for (.+?): '(.*)' is not one of (.*)\.$", r"\1 的值「\2」无效，可选：\3"),
    (r"^Invalid value for (.+?): (.*)$", r"\1 的值无效：\2"),
    (r"^Missing argument (.*)\.$", r"缺少参数 \1"),
    (r"^Missing option (.*)\.$", r"缺少选项 \1"),
    (r"^No such option:? '?([^'\s]+)'?\.?(?: Did you mean .*)?$", r"没有选项 \1"),
    (r"^Option '(.*)' requires an argument\.$", r"选项 \1 需要一个值"),
    (r"^Option '(.*)' requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值"),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"多余的参数：\1"),
    (r"^No such command '(.*)'\.$", r"没有命令 \1"),
]


def _chinese_usage_message(message: str) -> str:
    import re
    for pat, repl in _USAGE_PATTERNS:
        if re.match(pat, message, flags=re.S):
            return re.sub(pat, repl, message, flags=re.S)
    return f"参数错误：{message}"


def _chinese_usage_show(self, file=None):
    cmd = self.ctx.command_path if self.ctx is not None else "xlkit"
    msg = _chinese_usage_message(self.format_message()).replace("\n", " ")
    click.echo(f"错误：{msg}（用法见 {cmd} --help）", err=True)


click.exceptions.UsageError.show = _chinese_usage_show


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        mod = COMMANDS.get(name)
        if mod is None:
            return None
        module = importlib.import_module(f"{__name__}.{mod}")
        return module.command

    def format_commands(self, ctx, formatter):
        # Listing commands must not import every module (and openpyxl with them).
        rows = [(name, SHORT_HELP.get(name, "")) for name in COMMANDS]
        with formatter.section("命令"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except XlkitError as e:
            click.echo(f"错误：{e.message}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("已中断", err=True)
            ctx.exit(130)
        except Exception as e:  # a bug of ours: one line, not a traceback (XLKIT_DEBUG=1 shows it)
            if os.environ.get("XLKIT_DEBUG"):
                raise
            click.echo(f"内部错误：{type(e).__name__}: {e}（请设置 XLKIT_DEBUG=1 重试并报告此问题）", err=True)
            ctx.exit(2)


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="xlkit", message="xlkit %(version)s", help="显示版本并退出")
def main():
    """xlkit：项目支出绩效自评表工具（模板、填报、读取、校验、报告）。

    \b
    示例：
      xlkit template --year 2024 -o 空白自评表.xlsx
      xlkit fill samples/安庆市总工会2022.yaml -o 自评表.xlsx
      xlkit check samples/安庆市总工会2022.xlsx
      xlkit check 收到的自评表/ --format json
    """


def run() -> None:  # pragma: no cover - console entry for `python -m xlkit`
    main(prog_name="xlkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())

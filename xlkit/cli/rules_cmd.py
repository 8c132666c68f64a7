"""`xlkit rules`: the rule catalog with severities and meanings."""
from __future__ import annotations

import click

GROUPS = {"R": "读取", "W": "分值", "S": "得分", "B": "预算", "N": "叙述", "X": "跨文档", "F": "公式", "C": "内容", "D": "部门清单"}
SEV = {"E": "错误", "W": "警告", "I": "提示"}


@click.command("rules", help="""列出全部校验规则：代码、级别（E 错误 / W 警告 / I 提示）与含义。

\b
示例：
  xlkit rules
  xlkit rules --format json
""")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
def command(fmt: str) -> None:
    from ..rules import load_all
    rules = load_all()
    codes = sorted(rules)
    if fmt == "json":
        import json
        data = [{"code": c, "severity": rules[c].severity, "title": rules[c].title, "scope": rules[c].scope}
                for c in codes]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    group = None
    for c in codes:
        if c[0] != group:
            group = c[0]
            click.echo(f"{group} — {GROUPS.get(group, '')}")
        info = rules[c]
        click.echo(f"  {c}  {info.severity}（{SEV[info.severity]}）  {info.title}")

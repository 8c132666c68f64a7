"""xlkit — 项目支出绩效自评表 toolkit: template, fill, read, check, report."""
__version__ = "0.1.0"

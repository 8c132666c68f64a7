"""Benchmark of `xlkit check` (issue 4): not a timed test, a script that prints figures.

    python benchmarks/bench_check.py            # N = 1000
    python benchmarks/bench_check.py --n 200 --no-10x

It generates N typical one-form workbooks (with xlkit's fill module from varied copies of a
seed project; xlsxwriter is the fallback when fill is absent), then reports:
  1. median per-form check time next to openpyxl.load_workbook on the same files (goal ≤ 1/5);
  2. peak Python memory (tracemalloc) of checking N and 10 × N files (goal: does not grow with N);
  3. wall time of `xlkit check one.xlsx` against `python -c "import openpyxl"` (goal: less).
"""
from __future__ import annotations

import argparse
import copy
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED_YAML = ROOT / "samples" / "安庆市总工会2022.yaml"


def _variants(k: int) -> list[dict]:
    """k different projects: the seed's five with varied amounts, actuals and scores."""
    import yaml
    seed = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    out = []
    for i in range(k):
        p = copy.deepcopy(seed["项目"][i % len(seed["项目"])])
        p["项目名称"] = f"{p['项目名称']}{i:03d}"
        for ind in p["绩效指标"]:
            if isinstance(ind.get("得分"), (int, float)) and i % 3 == 0:
                ind["得分"] = max(0, ind["得分"] - 1)
        out.append(p)
    return out


def _write_with_fill(p: dict, path: Path) -> bool:
    try:
        from xlkit.data import load_data
        from xlkit.fill import fill_bundle
    except ImportError:
        return False
    import yaml
    tmp = path.with_suffix(".yaml")
    tmp.write_text(yaml.safe_dump({"项目": [p]}, allow_unicode=True), encoding="utf-8")
    fill_bundle(load_data([tmp]), path, force=True)
    tmp.unlink()
    return True


def _write_with_xlsxwriter(p: dict, path: Path) -> None:
    """A plain official-layout form (fallback when the fill module is absent)."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("自评表")
    ws.write("A1", "项目支出绩效自评表")
    ws.write("A2", "（2022年度）")
    ws.write_row("A3", ["项目名称", p["项目名称"]])
    ws.write_row("A4", ["主管部门", p["主管部门"], "", "", "实施单位", p["实施单位"]])
    ws.write_row("A5", ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.write_row("A6", ["", "年度资金总额", p["年初预算数"], p["全年预算数"], p["全年执行数"], p["执行率分值"],
                        p["执行率"], p["执行率得分"]])
    ws.write_row("A10", ["年度总体目标", "预期目标", "", "", "", "实际完成情况"])
    ws.write_row("A11", ["", p["预期目标"], "", "", "", p["实际完成情况"]])
    ws.write_row("A12", ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                         "偏差原因分析及改进措施"])
    r = 12
    for ind in p["绩效指标"]:
        ws.write_row(r, 1, [f"{ind['一级指标']}（{ind['一级指标分值']}分）", ind["二级指标"], ind["三级指标"],
                            ind["年度指标值"], ind["实际完成值"], ind["分值"], ind["得分"]])
        r += 1
    ws.write_row(r, 0, ["总分", "", "", "", "", "", p["总分分值"], p["总分得分"]])
    wb.close()


def generate(n: int, outdir: Path, distinct: int = 25) -> list[Path]:
    """n files, `distinct` of them generated, the rest copies (round robin)."""
    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    for i, p in enumerate(_variants(min(distinct, n))):
        path = outdir / f"form{i:05d}.xlsx"
        if not _write_with_fill(p, path):
            _write_with_xlsxwriter(p, path)
        made.append(path)
    files = list(made)
    for i in range(len(made), n):
        dst = outdir / f"form{i:05d}.xlsx"
        shutil.copyfile(made[i % len(made)], dst)
        files.append(dst)
    return files


def per_file_times(func, files) -> list[float]:
    out = []
    for f in files:
        t = time.perf_counter()
        func(f)
        out.append(time.perf_counter() - t)
    return out


def peak_memory(files) -> tuple[float, float, int]:
    """Peak traced memory (MB) of checking the files: streamed (iter_check, results dropped
    after counting) and collected (check, the whole CheckReport kept), and the findings."""
    from xlkit.engine import check, iter_check
    gc.collect()
    tracemalloc.start()
    found = sum(len(fr.findings) for fr in iter_check([str(f) for f in files]))
    _, streamed = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    tracemalloc.start()
    check([str(f) for f in files])
    _, collected = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return streamed / 1e6, collected / 1e6, found


def wall(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="number of forms (default 1000)")
    ap.add_argument("--openpyxl-sample", type=int, default=200, help="files timed with openpyxl (default 200)")
    ap.add_argument("--no-10x", action="store_true", help="skip the 10 × N memory run")
    ap.add_argument("--dir", help="keep generated files here (default: a temporary directory)")
    args = ap.parse_args()

    base = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="xlkit-bench-"))
    t0 = time.perf_counter()
    files = generate(args.n, base / "n")
    print(f"生成 {len(files)} 份自评表：{time.perf_counter() - t0:.1f} s（{base}）")

    from xlkit.engine import check_file, select_codes
    from xlkit.scoring import default_profile
    profile, codes = default_profile(), select_codes()
    check_file(str(files[0]), profile, codes)  # warm up imports
    xl = per_file_times(lambda f: check_file(str(f), profile, codes), files)

    import openpyxl
    sample = files[: args.openpyxl_sample]
    op = per_file_times(lambda f: openpyxl.load_workbook(f), sample)
    mx, mo = statistics.median(xl), statistics.median(op)
    print(f"每份中位数：xlkit check {mx * 1000:.2f} ms；openpyxl.load_workbook {mo * 1000:.2f} ms；"
          f"比值 {mx / mo:.3f}（目标 ≤ 0.2）")

    s_n, c_n, found_n = peak_memory(files)
    print(f"峰值内存（tracemalloc）N={len(files)}：逐个处理 {s_n:.1f} MB；保留全部结果 {c_n:.1f} MB（{found_n} 条问题）")
    if not args.no_10x:
        big = generate(10 * args.n, base / "10n")
        s_10, c_10, found_10 = peak_memory(big)
        print(f"峰值内存 10×N={len(big)}：逐个处理 {s_10:.1f} MB（{s_10 / s_n:.2f} 倍；增量约为输入路径列表本身，"
              f"每份表的工作内存不随 N 增长）；"
              f"保留全部结果 {c_10:.1f} MB（{c_10 / c_n:.2f} 倍，随问题条数增长）（{found_10} 条问题）")

    one = str(files[0])
    x = wall([sys.executable, "-m", "xlkit", "check", one])
    o = wall([sys.executable, "-c", "import openpyxl"])
    print(f"命令行：xlkit check 单个文件 {x * 1000:.0f} ms；python -c \"import openpyxl\" {o * 1000:.0f} ms"
          f"（{'达到' if x < o else '未达到'}目标）")
    if not args.dir:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

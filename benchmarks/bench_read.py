"""Reading speed: xlkit's reader against openpyxl.load_workbook on the same generated forms.

    python benchmarks/bench_read.py            # 200 styled forms, the five seed layouts in turn
    python benchmarks/bench_read.py -n 50 --huge --plain

Prints the per-form median (and p90) of read_workbook() — which checks the file's safety,
locates and extracts the whole form into the model — next to openpyxl.load_workbook() alone
(no extraction), the ratio overall and per layout, and the official template filled with the
seed bundle. Goal: the reader at least 10x faster than openpyxl's bare load on typical forms.
Forms are styled like real ones by default (fonts, borders, print setup: openpyxl's load time
grows with styles and merges, calamine's does not); --plain uses bare cells.
--huge also times one form followed by 200,000 rows of other data.

Measured here (quiet machine): styled forms 13x overall (merged official-style layouts 13-17x,
unmerged budget-system exports 4.5-5x), the filled official template 15x, plain unstyled
forms ~5x; a form followed by 200,000 rows reads in ~2.7 s (calamine's own parse ~2 s of it).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import layouts as L  # noqa: E402
from xlkit.read import read_workbook  # noqa: E402


def _times(fns, paths, repeat):
    """Best-of-`repeat` time of each fn on each path, the fns interleaved per file so that
    background load on the machine affects both sides alike."""
    out = [[] for _ in fns]
    for p in paths:
        best = [None] * len(fns)
        for _ in range(repeat):
            for k, fn in enumerate(fns):
                t = time.perf_counter()
                fn(p)
                dt = time.perf_counter() - t
                best[k] = dt if best[k] is None else min(best[k], dt)
        for k in range(len(fns)):
            out[k].append(best[k])
    return out


def _fmt(ts):
    ts = sorted(ts)
    med = statistics.median(ts)
    p90 = ts[int(0.9 * (len(ts) - 1))]
    return med, f"median {med * 1000:7.2f} ms   p90 {p90 * 1000:7.2f} ms"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="number of forms (files) to generate")
    ap.add_argument("--repeat", type=int, default=3, help="reads per file; the best one counts")
    ap.add_argument("--huge", action="store_true", help="also time a form followed by 200,000 rows")
    ap.add_argument("--plain", action="store_true",
                    help="unstyled forms (default: styled like real ones: fonts, borders, print setup)")
    args = ap.parse_args(argv)

    import openpyxl

    with tempfile.TemporaryDirectory(prefix="xlkit-bench-") as d:
        d = Path(d)
        t = time.perf_counter()
        paths = [L.build_layout(d / f"f{i:04d}.xlsx", i % 5 + 1, styled=not args.plain) for i in range(args.n)]
        print(f"generated {args.n} {'plain' if args.plain else 'styled'} forms in {time.perf_counter() - t:.1f} s "
              f"(layouts 1-5 in turn)")
        for p in paths[:5]:  # sanity: every file holds one form with indicators
            b = read_workbook(p)
            assert len(b.forms) == 1 and b.forms[0].indicators, p
        # warm-up (imports, caches)
        read_workbook(paths[0])
        openpyxl.load_workbook(paths[0])
        xl, op = _times((read_workbook, openpyxl.load_workbook), paths, args.repeat)
        m1, s1 = _fmt(xl)
        m2, s2 = _fmt(op)
        print(f"xlkit read_workbook (locate + extract): {s1}")
        print(f"openpyxl.load_workbook (load only):     {s2}")
        ratio = m2 / m1
        print(f"ratio: xlkit is {ratio:.1f}x faster per form (goal >= 10x) -> {'OK' if ratio >= 10 else 'BELOW GOAL'}")
        for layout in range(1, 6):
            a = statistics.median(xl[i] for i in range(len(paths)) if i % 5 + 1 == layout)
            b = statistics.median(op[i] for i in range(len(paths)) if i % 5 + 1 == layout)
            print(f"  layout {layout}: xlkit {a * 1000:6.2f} ms   openpyxl {b * 1000:6.2f} ms   ratio {b / a:5.1f}x")
        seed = ROOT / "samples" / "安庆市总工会2022.yaml"
        if seed.exists():
            try:
                from xlkit.fill import fill

                fp = fill([seed], d / "official.xlsx")
                a, b = _times((read_workbook, openpyxl.load_workbook), [fp] * 10, args.repeat)
                n = len(read_workbook(fp).forms)
                ma, mb = statistics.median(a), statistics.median(b)
                print(f"official template filled with the seed ({n} forms in one workbook): xlkit {ma * 1000 / n:.2f} ms/form, "
                      f"openpyxl {mb * 1000 / n:.2f} ms/form, ratio {mb / ma:.1f}x")
            except ImportError:
                pass
        if args.huge:
            hp = L.build_huge(d / "huge.xlsx")
            t = time.perf_counter()
            b = read_workbook(hp)
            dt = time.perf_counter() - t
            print(f"form + 200,000 rows: read in {dt:.2f} s, {len(b.forms)} form(s), "
                  f"{len(b.forms[0].indicators)} indicators")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Times Fidelio and its peers side by side on the same files, as whole processes.

Usage:
    python3 benches/peers/timing.py [--runs N] [--fidelio PATH] [--tools fidelio,polars,duckdb]
                                    FILE...

Each run of each tool is one process under /usr/bin/time (wall clock time, peak resident
memory, user + system CPU time). Runs are interleaved (fidelio, polars, duckdb, fidelio, ...)
so that a machine that speeds up or slows down during the measurement affects every tool
alike, and never two at once. Prints every run, then a Markdown table of medians.

Standard library only; the peers need `pip install polars duckdb pandas pyarrow` (each script
says which module is missing and exits with status 2, which is reported, not timed).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PEERS = {
    "polars": [sys.executable, os.path.join(HERE, "polars_sales.py")],
    "duckdb": [sys.executable, os.path.join(HERE, "duckdb_sales.py")],
    "pandas": [sys.executable, os.path.join(HERE, "pandas_sales_full.py")],
}


def default_fidelio():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "fidelio")


def command(tool, fidelio, path):
    if tool == "fidelio":
        # The peers compute no predictions and no products bought together: neither does
        # Fidelio here, so the same summary is compared (the bench times those steps).
        return [fidelio, "summary", path, "--horizon-weeks", "0", "--min-baskets", "0"]
    return PEERS[tool] + [path]


def run_once(cmd):
    """(wall s, peak MB, cpu s) of one run, or None when the command failed."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times:
        result = subprocess.run(
            ["/usr/bin/time", "-o", times.name, "-f", "%e %M %U %S"] + cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # fidelio exits 1 when a file was refused; the figures are still printed.
        if result.returncode not in (0, 1):
            sys.stderr.write(result.stderr[-2000:])
            return None
        fields = times.read().split()[-4:]
    wall, kb, user, system = (float(f) for f in fields)
    return wall, kb / 1024.0, user + system


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fidelio", default=default_fidelio())
    parser.add_argument("--tools", default="fidelio,polars,duckdb")
    args = parser.parse_args()
    tools = args.tools.split(",")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("timing.py needs /usr/bin/time (Debian package 'time')")
    medians = {}
    for path in args.files:
        runs = {tool: [] for tool in tools}
        for _ in range(args.runs):
            for tool in tools:
                measured = run_once(command(tool, args.fidelio, path))
                if measured is None:
                    print(f"{tool} on {path}: failed", flush=True)
                    continue
                runs[tool].append(measured)
                wall, mb, cpu = measured
                print(
                    f"{os.path.basename(path)}  {tool:8} {wall:7.2f} s {mb:8.0f} MB  cpu {cpu:6.2f} s",
                    flush=True,
                )
        for tool, measured in runs.items():
            if measured:
                medians[(path, tool)] = (
                    statistics.median(m[0] for m in measured),
                    statistics.median(m[1] for m in measured),
                    len(measured),
                )
    print()
    print("| input | " + " | ".join(tools) + " |")
    print("|---|" + "---|" * len(tools))
    for path in args.files:
        cells = []
        for tool in tools:
            if (path, tool) in medians:
                wall, mb, n = medians[(path, tool)]
                cells.append(f"{wall:.2f} s / {mb:.0f} MB" + ("" if n > 1 else " (1 run)"))
            else:
                cells.append("failed")
        print(f"| {os.path.basename(path)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""Writes dist/third-party-licences.txt: every crate compiled into a shipped binary (the
normal dependencies, for Linux, Windows and macOS alike: one list, bundled with every
package), with its version and licence, for the About box and every package.
Run from the repository: python3 dist/licences.py
"""
import json
import subprocess
from pathlib import Path

root = Path(__file__).resolve().parent.parent
shipped = {}
for platform in [
    "x86_64-unknown-linux-gnu",
    "x86_64-pc-windows-gnu",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
]:
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--offline", "--filter-platform", platform],
            cwd=root, check=True, capture_output=True, text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    start = meta["resolve"]["root"]
    # Normal dependencies only: what tests and builds use is not shipped.
    seen, todo = set(), [start]
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    for pid in seen:
        p = packages[pid]
        shipped[(p["name"], p["version"])] = p.get("license") or p.get("license_file") or "see the crate"

lines = [
    "Fidelio is made of these open-source crates, each under its own licence (SPDX expressions).",
    "Their full texts are at https://spdx.org/licenses/ and in each crate's source.",
    "",
]
lines += [f"{name} {version}: {licence}" for (name, version), licence in sorted(shipped.items())]
(root / "dist" / "third-party-licences.txt").write_text("\n".join(lines) + "\n")
print(f"{len(shipped)} crates")

"""How long the framework loader takes on hostile files, and how much memory it needs.

Target: every hostile file refused in under 2 s with a peak resident memory under 200 MB,
and the bundled framework still accepted. Each file is parsed in its own child process,
so one file's memory does not hide in another's peak; the child runs under an address-space
limit (--memory-limit-mb) so a loader that expands aliases fails there, not on the machine.

    python bench/bench_framework_files.py                 # this checkout's loader
    python bench/bench_framework_files.py --root /tmp/old # another checkout's, e.g. main before the change
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from tests.hostile_frameworks import HOSTILE  # noqa: E402

TARGET_SECONDS = 2.0
TARGET_PEAK_MB = 200

# The child: import the loader (the baseline memory), then time parse_framework on one file.
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from roadmap.load import FrameworkError, parse_framework
raw = open(sys.argv[2], "rb").read()
baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
try:
    framework = parse_framework(raw, source="file")
    outcome, detail = "accepted", f"{len(framework.elements)} elements"
except FrameworkError as error:
    outcome, detail = "refused", str(error).splitlines()[1].strip()  # the first problem
except BaseException as error:  # what the page's error handling would miss
    outcome, detail = "CRASHED", f"{type(error).__name__}: {str(error)[:80]}"
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "detail": detail, "seconds": seconds, "peak_mb": peak_mb, "baseline_mb": baseline_mb}))
"""


def run_one(root: Path, path: Path, memory_limit_mb: int, timeout: float) -> dict:
    def limit_memory() -> None:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=limit_memory)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return {"outcome": "TIMEOUT", "detail": f"killed after {timeout:.0f} s", "seconds": timeout, "peak_mb": None}
    if child.returncode != 0 or not out.strip():
        # Killed or out of memory before it could report: its peak is the limit it hit, or unknown.
        last = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        return {"outcome": "CRASHED", "detail": last[:100], "seconds": time.perf_counter() - started, "peak_mb": None}
    return json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose roadmap/load.py is measured")
    parser.add_argument("--memory-limit-mb", type=int, default=1500, help="address-space limit of each child")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a child is killed")
    args = parser.parse_args()

    files = {"bundled framework": (HERE / "roadmap" / "frameworks" / "waypoint-roadmap-1.0.yaml").read_text("utf-8")}
    files |= {name: make() for name, make in HOSTILE.items()}
    missed = 0
    print("peak MB: the child's resident maximum; base MB: the same right after importing the loader")
    print(f"loader: {args.root}  (targets: refused in < {TARGET_SECONDS} s, peak < {TARGET_PEAK_MB} MB)")
    print(f"{'file':<26}{'bytes':>11}{'seconds':>9}{'peak MB':>9}{'base MB':>9}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            path = Path(folder) / f"{name}.yaml"
            path.write_text(text, encoding="utf-8")
            result = run_one(args.root, path, args.memory_limit_mb, args.timeout)
            peak = result["peak_mb"]
            shown_peak = "?" if peak is None else f"{peak:.0f}"
            hostile = name != "bundled framework"
            ok = (result["outcome"] == "refused" and result["seconds"] < TARGET_SECONDS and (peak or 0) < TARGET_PEAK_MB) \
                if hostile else result["outcome"] == "accepted"
            missed += not ok
            print(f"{name:<26}{len(text.encode()):>11,}{result['seconds']:>9.2f}{shown_peak:>9}{result.get('baseline_mb') or 0:>9.0f}  "
                  f"{result['outcome']}{'' if ok else ' MISSED'}: {result['detail'][:90]}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""CPU per real page of HTML extraction, the call a check's workers make, optionally A/B against
another source tree, interleaved rep by rep.

Run: ``.venv/bin/python benchmarks/extract_cpu.py [--reps 3] [--against DIR] [--corpus DIR] [--stages]``

Every ``<corpus>/*/snapshots/*.html`` page is extracted by ``tracker.extract.pool.extract_job``
as ``benchmarks/peers.py``'s workload has ``check`` extract it: Content-Type
``text/html; charset=utf-8``, a loopback URL, the config's name ("Policy <i>"), no selectors.
Each rep runs in a fresh process (so no rep warms another's caches) and times every page with
``time.process_time``; a page's figure is its minimum over the reps. Printed: ms per page,
mean and p90 (and the total), for this tree and, with ``--against DIR`` (e.g. a ``git archive``
export of main), for that tree too, the reps of the two alternating.

``--stages`` prints where a page's CPU goes instead (per stage, min over the reps): the stage functions
of ``tracker.extract.html`` and ``tracker.extract.document`` are wrapped by timers that count
each stage's own time (a stage called inside another is taken out of the outer one), plus the
pickling of the result that a pool worker does to send it back.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus_path import FULL_CORPUS, require_corpus  # benchmarks/corpus_path.py (run as scripts)

REPO = Path(__file__).resolve().parent.parent
CONTENT_TYPE = "text/html; charset=utf-8"


def corpus_pages(corpus: Path) -> list[Path]:
    """The corpus's HTML snapshots, in a fixed order."""
    return sorted(corpus.glob("*/snapshots/*.html"))


def time_pages(pages: list[Path]) -> list[float]:
    """CPU milliseconds of ``extract_job`` for each page (read beforehand, timed one by one)."""
    from tracker.extract.pool import extract_job

    bodies = [page.read_bytes() for page in pages]
    extract_job(bodies[0], CONTENT_TYPE, "http://127.0.0.1:8000/p0", (), (), "Policy 0")  # imports
    times = []
    for i, body in enumerate(bodies):
        start = time.process_time()
        extract_job(body, CONTENT_TYPE, f"http://127.0.0.1:8000/p{i}", (), (), f"Policy {i}")
        times.append((time.process_time() - start) * 1000)
    return times


# (module, function): the stages of an HTML page's extraction, as html_blocks and extract call them
STAGES = [
    ("tracker.extract.html", "_decode_html"),
    ("tracker.extract.html", "parse_html"),
    ("tracker.extract.html", "show_disclosed_panels"),
    ("tracker.extract.html", "remove_overviews"),
    ("tracker.extract.html", "remove_contents_lists"),
    ("tracker.extract.html", "remove_consent_panels"),
    ("tracker.extract.html", "mark_part_openings"),
    ("tracker.extract.html", "_remove_noise"),  # (its name before it moved to tracker.extract.noise)
    ("tracker.extract.html", "remove_noise"),
    ("tracker.extract.html", "text_content"),
    ("tracker.extract.html", "find_body"),
    ("tracker.extract.html", "_walk"),
    ("tracker.extract.html", "find_last_updated"),
    ("tracker.extract.document", "html_blocks"),
    ("tracker.extract.document", "sections_of"),
    ("tracker.extract.document", "keep_tracked_document"),
    ("tracker.extract.document", "extract"),
]


def stage_times(pages: list[Path]) -> dict[str, float]:
    """Own CPU seconds of every stage over all ``pages`` (one pass), and the pickling of results."""
    import importlib
    import pickle

    from tracker.extract.pool import extract_job

    own: dict[str, float] = {}
    stack: list[list] = []  # [stage, started]

    def timed(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            now = time.process_time()
            if stack:
                own[stack[-1][0]] = own.get(stack[-1][0], 0.0) + now - stack[-1][1]
            stack.append([name, now])
            try:
                return function(*args, **kwargs)
            finally:
                now = time.process_time()
                own[name] = own.get(name, 0.0) + now - stack.pop()[1]
                if stack:
                    stack[-1][1] = now

        return wrapper

    bodies = [page.read_bytes() for page in pages]
    extract_job(bodies[0], CONTENT_TYPE, "http://127.0.0.1:8000/p0", (), (), "Policy 0")  # imports
    for module_name, function_name in STAGES:
        module = importlib.import_module(module_name)
        if not hasattr(module, function_name):
            continue  # a stage another tree names otherwise
        label = {"extract": "extract (rest)", "_remove_noise": "remove_noise"}.get(function_name, function_name)
        setattr(module, function_name, timed(label, getattr(module, function_name)))
    for i, body in enumerate(bodies):
        result = extract_job(body, CONTENT_TYPE, f"http://127.0.0.1:8000/p{i}", (), (), f"Policy {i}")
        start = time.process_time()
        pickle.dumps(result)
        own["pickle (pool)"] = own.get("pickle (pool)", 0.0) + time.process_time() - start
    own["html_blocks (rest)"] = own.pop("html_blocks", 0.0)
    return own


def _print_stages(trees: list[tuple[str, Path]], reps: dict[str, list[dict[str, float]]], pages: int) -> None:
    """One row per stage: its minimum over the reps, in ms per page, for each tree (0 where a tree
    has no such stage)."""
    best = {label: {k: min(rep.get(k, 0.0) for rep in reps[label]) for k in reps[label][0]} for label, _ in trees}
    first = trees[0][0]
    header = "".join(f" {label + ' ms/page':>16} {'share':>6}" for label, _ in trees)
    print(f"{'stage':<24}{header}")
    for name in sorted(best[first], key=lambda k: -best[first][k]):
        own = {label: best[label].get(name, 0.0) for label, _ in trees}
        cells = "".join(
            f" {own[label] * 1000 / pages:16.2f} {own[label] / sum(best[label].values()):6.1%}" for label, _ in trees
        )
        print(f"{name:<24}{cells}")
    print(
        f"{'total':<24}" + "".join(f" {sum(best[label].values()) * 1000 / pages:16.2f} {'':>6}" for label, _ in trees)
    )
    print(f"(min of {len(reps[first])} reps per stage, each rep a fresh process)")


def _one_rep(tree: Path, corpus: Path, stages: bool = False) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), "--rep", "--corpus", str(corpus)]
    command += ["--stages"] if stages else []
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=tree).stdout
    result = json.loads(out)
    if not str(result["module"]).startswith(str(tree)):
        raise SystemExit(f"extract_cpu: {tree}: tracker was imported from {result['module']}, not this tree")
    return result


def _summary(label: str, reps: list[list[float]]) -> str:
    best = [min(values) for values in zip(*reps, strict=True)]
    p90 = statistics.quantiles(best, n=10)[-1]
    return (
        f"{label:<10} {len(best)} pages  mean {statistics.fmean(best):6.2f} ms/page  p90 {p90:6.2f} ms  "
        f"total {sum(best) / 1000:6.2f} s  (min of {len(reps)} reps per page)"
    )


def main() -> int:
    """Measure (and compare); one line per tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another source tree (e.g. main exported) to time, interleaved")
    parser.add_argument("--stages", action="store_true", help="CPU per stage of extraction instead")
    parser.add_argument("--rep", action="store_true", help=argparse.SUPPRESS)  # one rep, JSON out
    args = parser.parse_args()
    corpus = require_corpus(args.corpus, "extract_cpu")
    if args.rep:
        import tracker

        pages = corpus_pages(corpus)
        measured = {"stages": stage_times(pages)} if args.stages else {"times": time_pages(pages)}
        print(json.dumps({"module": tracker.__file__, **measured}))
        return 0
    trees = [("this", REPO)] + ([("against", args.against.resolve())] if args.against else [])
    reps: dict[str, list[dict]] = {label: [] for label, _ in trees}
    for _ in range(args.reps):
        for label, tree in trees:
            reps[label].append(_one_rep(tree, corpus, args.stages))
    print(f"load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min) at the end")
    for label, tree in trees:
        print(f"{label}: {tree}")
    if args.stages:
        _print_stages(
            trees, {label: [rep["stages"] for rep in reps[label]] for label in reps}, len(corpus_pages(corpus))
        )
        return 0
    times = {label: [[float(t) for t in rep["times"]] for rep in reps[label]] for label in reps}
    for label, _ in trees:
        print(_summary(label, times[label]))
    if args.against:
        this, other = (statistics.fmean(min(v) for v in zip(*times[k], strict=True)) for k in ("this", "against"))
        print(f"this tree takes {this / other:.2f}x the CPU of the other")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

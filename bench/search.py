"""Search benchmark: Whoosh against SQLite FTS5 over the same 100,000 profiles.

    python bench/search.py [--count 100000] [--seed 20261128] [--keep DIR]

Generates the profiles (``seed.generator`` when available), builds the Whoosh
index in a child process (build time, index size, peak memory), builds an
FTS5 table from the same analyzed words, then runs a fixed mix of queries
through both and reports p50/p95 of the whole search call (query plus loading
the page of counselors from the database), the ratio, and whether both engines
found the same counselors for every query. Results go to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fts import FtsSearch, build_fts  # noqa: E402
from bench.queries import query_mix  # noqa: E402
from counsel_dir import create_app  # noqa: E402
from counsel_dir.credentials.vault import generate_secret  # noqa: E402
from counsel_dir.db import get_engine, session  # noqa: E402
from counsel_dir.migrate import upgrade  # noqa: E402
from seed.generator import generate  # noqa: E402
from seed.loader import load  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TARGET_P95_MS = 60.0
TARGET_RATIO = 2.0
TARGET_BUILD_SECONDS = 180.0


def bench_app(workdir: Path) -> Any:
    """An app on a SQLite file and an index directory inside ``workdir``."""
    return create_app(
        {
            "SECRET_KEY": "bench",
            "RESIDENT_ID_SECRET": os.environ.get("BENCH_RESIDENT_ID_SECRET") or generate_secret(),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
            "SEARCH_INDEX_DIR": str(workdir / "search-index"),
            "SEARCH_BACKGROUND_INDEXER": False,
            "MAIL_PRINT_TO_CONSOLE": False,
        }
    )


def make_profiles(count: int, seed: int) -> str:
    """Fill the empty database with ``count`` demo profiles; return which generator made them."""
    load(generate(count, seed))
    return "seed.generator"


def prepare(workdir: Path, count: int, seed: int) -> dict[str, Any]:
    app = bench_app(workdir)
    with app.app_context():
        with get_engine(app).begin() as connection:
            upgrade(connection)
        started = time.perf_counter()
        generator = make_profiles(count, seed)
        seconds = time.perf_counter() - started
    return {"generator": generator, "generate_and_load_seconds": round(seconds, 1)}


def build_index_in_child(workdir: Path) -> dict[str, Any]:
    """Run the rebuild in a child process so that its peak memory is its own."""
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--build-index-only", "--workdir", str(workdir)],
        check=True,
    )
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    index_dir = workdir / "search-index"
    current = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    size = sum(path.stat().st_size for path in (index_dir / current).iterdir() if path.is_file())
    return {
        "build_seconds": round(seconds, 1),
        "build_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "load_average_during_build": round(os.getloadavg()[0], 2),
        "index_bytes": size,
        "index_mb": round(size / 1e6, 1),
        "build_peak_rss_mb": round(peak_kb / 1024, 1),
    }


def build_index_only(workdir: Path) -> None:
    from counsel_dir.search import indexer
    from counsel_dir.search.runtime import store_for

    app = bench_app(workdir)
    with app.app_context():
        store = store_for(app)
        with store.indexer_lock(wait=10):
            indexer.rebuild(store)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[position]


def timed(calls: list[Callable[[], Any]]) -> list[float]:
    """Milliseconds of each call (the session is emptied between calls, not timed)."""
    durations = []
    for call in calls:
        session.expunge_all()
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def summary(durations: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(durations), 2),
        "p95_ms": round(percentile(durations, 0.95), 2),
        "max_ms": round(max(durations), 2),
    }


def run_queries(workdir: Path, seed: int) -> dict[str, Any]:
    from bench.compare import whoosh_ids
    from counsel_dir.search.runtime import ready_store
    from counsel_dir.search.services import search

    app = bench_app(workdir)
    with app.test_request_context():
        started = time.perf_counter()
        fts_build = build_fts(get_engine(app))
        fts_seconds = time.perf_counter() - started
        fts = FtsSearch(get_engine(app))
        mix = query_mix(seed)
        store = ready_store()
        plain = [params.but(with_facets=False) for params in mix]
        whoosh_calls = [lambda p=p: search(p) for p in plain]
        fts_calls = [lambda p=p: fts.search(p) for p in plain]
        facet_calls = [lambda p=p: search(p) for p in mix]
        for calls in (whoosh_calls, fts_calls, facet_calls):
            timed(calls)  # warm-up: caches, segment bitmaps, jieba
        whoosh = timed(whoosh_calls)
        fts_times = timed(fts_calls)
        with_facets = timed(facet_calls)
        mismatches = []
        for params in plain:
            found_whoosh = whoosh_ids(store.searcher(), params)
            found_fts = fts.all_ids(params)
            if found_whoosh != found_fts:
                mismatches.append(
                    {
                        "query": params.q,
                        "filters": params.facet_filters(),
                        "whoosh_only": len(found_whoosh - found_fts),
                        "fts_only": len(found_fts - found_whoosh),
                    }
                )
        kinds: dict[str, int] = {}
        for params in mix:
            kinds[params.extra["kind"]] = kinds.get(params.extra["kind"], 0) + 1
    whoosh_summary, fts_summary = summary(whoosh), summary(fts_times)
    return {
        "queries": len(mix),
        "query_kinds": kinds,
        "whoosh": whoosh_summary,
        "fts5": fts_summary,
        "whoosh_with_facets": summary(with_facets),
        "ratio_p95_whoosh_over_fts5": round(whoosh_summary["p95_ms"] / fts_summary["p95_ms"], 2),
        "ratio_p50_whoosh_over_fts5": round(whoosh_summary["p50_ms"] / fts_summary["p50_ms"], 2),
        "fts5_build_seconds": round(fts_seconds, 1),
        "fts5_documents": fts_build,
        "same_results": len(mix) - len(mismatches),
        "mismatches": mismatches[:20],
    }


def verdict(report: dict[str, Any]) -> dict[str, bool]:
    return {
        "whoosh_p95_under_60ms": report["whoosh"]["p95_ms"] < TARGET_P95_MS,
        "within_2x_of_fts5_at_p95": report["ratio_p95_whoosh_over_fts5"] <= TARGET_RATIO,
        "same_results_on_both": report["same_results"] == report["queries"],
        "index_build_under_3_minutes": report["build_seconds"] < TARGET_BUILD_SECONDS,
    }


def markdown(report: dict[str, Any]) -> str:
    """The figures as a Markdown table (for README / docs/search.md)."""
    whoosh, fts, facets = report["whoosh"], report["fts5"], report["whoosh_with_facets"]
    met = report["targets_met"]

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    return "\n".join(
        [
            f"Run of {report['when']} on {report['machine']}, {report['count']} profiles "
            f"({report['fts5_documents']} listed), {report['queries']} searches.",
            "",
            "| measure | Whoosh | SQLite FTS5 | target |",
            "|---|---|---|---|",
            f"| p50 of the search call | {whoosh['p50_ms']} ms | {fts['p50_ms']} ms | |",
            f"| p95 of the search call | {whoosh['p95_ms']} ms | {fts['p95_ms']} ms "
            f"| < 60 ms: {mark(met['whoosh_p95_under_60ms'])} |",
            f"| p95 ratio Whoosh / FTS5 | {report['ratio_p95_whoosh_over_fts5']} | | ≤ 2: "
            f"{mark(met['within_2x_of_fts5_at_p95'])} |",
            f"| same counselors found | {report['same_results']} / {report['queries']} | | all: "
            f"{mark(met['same_results_on_both'])} |",
            f"| build (wall, load avg {report['load_average_during_build']}) "
            f"| {report['build_seconds']} s | {report['fts5_build_seconds']} s | < 180 s: "
            f"{mark(met['index_build_under_3_minutes'])} |",
            f"| build CPU time | {report['build_cpu_seconds']} s | | |",
            f"| index size | {report['index_mb']} MB | | |",
            f"| build peak memory (RSS) | {report['build_peak_rss_mb']} MB | | |",
            f"| with facet counts (the page) p50 / p95 | {facets['p50_ms']} / "
            f"{facets['p95_ms']} ms | | |",
            "",
        ]
    )


def write_results(report: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"search-{report['count']}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the profiles already in --workdir"
    )
    parser.add_argument("--build-index-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_index_only:
        build_index_only(args.workdir)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="counsel-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "count": args.count,
        "seed": args.seed,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
    }
    if args.reuse and (workdir / "bench.db").exists():
        report["generator"] = "reused from an earlier run"
    else:
        print(f"generating {args.count} profiles in {workdir} ...", flush=True)
        report.update(prepare(workdir, args.count, args.seed))
    print("building the Whoosh index ...", flush=True)
    report.update(build_index_in_child(workdir))
    print("building FTS5 and running the query mix ...", flush=True)
    report.update(run_queries(workdir, args.seed))
    report["targets_met"] = verdict(report)
    path = write_results(report)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"written to {path.relative_to(ROOT)}")
    if not args.keep and args.workdir is None:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

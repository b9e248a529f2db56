"""The benchmark's results (``benchmarks/results.json``, written by ``benchmarks/run.py``) as
tables for the Reproducibility page, with the project's performance targets checked."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..core.paths import book_root

RESULTS = "benchmarks/results.json"
# The build targets of issue 9: (name, how it is measured, limit, the ratio's key in the results,
# the build whose executed notebooks are also judged, how many it may execute).
TARGETS = [
    ("Clean build within 1.3 times the floor", "clean build / (chapters' execution + Sphinx without execution)", 1.3, "clean_over_floor",
     None, None),
    ("No-change rebuild executes nothing and takes at most a quarter of a clean build", "no-change rebuild / clean build", 0.25,
     "no_change_over_clean", "no_change", 0),
    ("One-chapter rebuild executes only that chapter, close to its execution plus the floor",
     "rebuild after one edit / (its execution + floor)", 1.3, "one_chapter_over_its_execution_plus_floor", "one_chapter", 1),
]
HEAVIEST_PAGE_KB = 1000  # gzip, first visit
CHART_SECONDS = 1.0


def load_results(root: Path | None = None) -> dict:
    path = (root or book_root()) / RESULTS
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python benchmarks/run.py` to measure")
    return json.loads(path.read_text(encoding="utf-8"))


def builds_table(results: dict) -> pd.DataFrame:
    b = results["builds"]
    rows = [("Clean build", b["clean"]), ("Rebuild, nothing changed", b["no_change"]), ("Rebuild after editing one chapter", b["one_chapter"]),
            ("Sphinx build without execution", b["sphinx_without_execution"])]
    return pd.DataFrame([{"Build": name, "Seconds": r["seconds"], "Notebooks executed": r["notebooks_executed"]} for name, r in rows])


def targets_table(results: dict) -> pd.DataFrame:
    builds = results["builds"]
    rows = []
    for name, how, limit, key, build, may_execute in TARGETS:
        ratio, met = builds["ratios"][key], builds["ratios"][key] <= limit
        if build is not None:
            executed = builds[build]["notebooks_executed"]
            how += f"; notebooks executed: {executed} (may: {may_execute})"
            met = met and executed <= may_execute
        rows.append({"Target": name, "Measured as": how, "Limit": limit, "Measured": ratio, "Met": "yes" if met else "no"})
    heaviest = max(results["pages"], key=lambda r: r["first_visit_gzip_kb"])
    rows.append({"Target": f"Heaviest page at most {HEAVIEST_PAGE_KB:,} KB compressed on a first visit", "Measured as": f"{heaviest['page']}, gzip",
                 "Limit": HEAVIEST_PAGE_KB, "Measured": heaviest["first_visit_gzip_kb"], "Met": "yes" if heaviest["first_visit_gzip_kb"] <= HEAVIEST_PAGE_KB else "no"})
    slowest = max(results["charts"], key=lambda r: r["seconds_to_all_drawn"])
    rows.append({"Target": f"Every chart drawn within {CHART_SECONDS:g} s", "Measured as": f"{slowest['page']}, navigation to all charts drawn (median of first visits)",
                 "Limit": CHART_SECONDS, "Measured": slowest["seconds_to_all_drawn"], "Met": "yes" if slowest["seconds_to_all_drawn"] <= CHART_SECONDS else "no"})
    return pd.DataFrame(rows)


def pages_table(results: dict) -> pd.DataFrame:
    return pd.DataFrame(results["pages"]).sort_values("first_visit_gzip_kb", ascending=False).rename(columns={
        "page": "Page", "first_visit_kb": "First visit (KB)", "first_visit_gzip_kb": "First visit, gzip (KB)",
        "warm_kb": "Cache warm (KB)", "warm_gzip_kb": "Cache warm, gzip (KB)", "files": "Files", "largest_file": "Largest file"})


def charts_table(results: dict) -> pd.DataFrame:
    table = pd.DataFrame(results["charts"]).sort_values("seconds_to_all_drawn", ascending=False)
    table["visits"] = table["visits"].map(lambda seconds: ", ".join(f"{s:.2f}" for s in seconds))
    return table[["page", "charts", "seconds_to_all_drawn", "visits", "seconds_to_all_live"]].rename(columns={
        "page": "Page", "charts": "Charts", "seconds_to_all_drawn": "Seconds to all drawn (median)", "visits": "Each visit (s)",
        "seconds_to_all_live": "Seconds to all live (median)"})


def scale_table(results: dict) -> pd.DataFrame:
    return pd.DataFrame(results["scale"]).rename(columns={"articles": "Articles", "seconds": "Seconds", "ms_per_article": "ms per article",
                                                         "peak_mb": "Peak memory (MB)"})


def growth(results: dict) -> float:
    """Cost per article at the largest count over the smallest (1.0 = perfectly linear)."""
    rows = sorted(results["scale"], key=lambda r: r["articles"])
    return rows[-1]["ms_per_article"] / rows[0]["ms_per_article"]

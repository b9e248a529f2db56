"""The benchmark's results (``benchmarks/results.json``, written by ``benchmarks/run.py``) as
tables for the Reproducibility page, with the project's performance targets checked."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..core.paths import book_root

RESULTS = "benchmarks/results.json"
# The targets of issue 20: (name, how it is measured, limit, the ratio's key, the build whose executed
# chapters are also judged, how many it may execute, why it may be missed). The reason is shown only
# when the numbers say the target is missed.
BUILD_TARGETS = [
    ("A clean build takes at most 3 times a re-render of every page", "clean build / re-render of every page (--all, nothing executed)",
     3.0, "clean_over_rerender", None, None,
     "a clean build starts one Python kernel per chapter and runs every analysis, two chapters at a time on two cores; "
     "a re-render only writes pages"),
    ("A one-table data edit takes at most half a clean build", "rebuild after editing data/gpu_prices.csv / clean build", 0.5,
     "one_table_over_clean", None, None,
     "the chapters that read the table are executed again, the ledger is judged again, and every page that shows it is written again"),
    ("A rebuild with nothing changed executes nothing and takes at most a quarter of a clean build", "no-change rebuild / clean build",
     0.25, "no_change_over_clean", "no_change", 0,
     "Sphinx still reads its saved state, checks every chapter's record of what it read, and writes the pages of every claim"),
    ("A one-chapter code edit executes only that chapter and takes at most half a clean build", "rebuild after editing one code cell / clean build",
     0.5, "one_chapter_over_clean", "one_chapter", 1,
     "the edited chapter runs alone, on one core, and its page and the pages linked to it are written again"),
]
HEAVIEST_PAGE_KB = 500  # gzip, first visit
CHART_SECONDS = 1.0
CI_SECONDS = 360  # a CI run (.ci/run) on 2 cores
WHY_PAGE = "the page's own HTML carries each chart twice (as designed and for phones) with its data, and the site's shared files come on a first visit"
WHY_CI = ("a CI run builds the book from nothing twice (the second build checks that two builds give the same pages), prints the "
          "PDF edition and opens every page in Chromium")


def load_results(root: Path | None = None) -> dict:
    path = (root or book_root()) / RESULTS
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python benchmarks/run.py` to measure")
    return json.loads(path.read_text(encoding="utf-8"))


BUILDS = [("Clean build", "clean"), ("Rebuild, nothing changed", "no_change"), ("Re-render of every page (nothing executed)", "rerender_all"),
          ("Rebuild after editing one data table", "one_table"), ("Rebuild after editing one chapter's code", "one_chapter")]


def builds_table(results: dict) -> pd.DataFrame:
    b = results["builds"]
    return pd.DataFrame([{"Build": name, "Seconds": b[key]["seconds"], "Chapters executed": b[key]["notebooks_executed"],
                          "Which": ", ".join(b[key].get("executed", [])) or "none"} for name, key in BUILDS])


def _row(target: str, how: str, limit: float, measured: float | None, met: bool | None, why: str) -> dict:
    if measured is None:
        verdict = "not measured"
    elif met:
        verdict = "yes"
    else:
        verdict = f"no, {measured / limit - 1:.0%} over the limit" if limit else "no"
    return {"Target": target, "Measured as": how, "Limit": limit, "Measured": measured, "Met": verdict,
            "Why it is missed": "" if met or measured is None else why}


def targets_table(results: dict) -> pd.DataFrame:
    """Every target with its measure, limit, whether it is met (by how much it is missed) and, if missed, why."""
    builds = results["builds"]
    rows = []
    for name, how, limit, key, build, may_execute, why in BUILD_TARGETS:
        ratio = builds["ratios"][key]
        met = ratio <= limit
        if build is not None:
            executed = builds[build]["notebooks_executed"]
            how += f"; chapters executed: {executed} (may: {may_execute})"
            met = met and executed <= may_execute
        rows.append(_row(name, how, limit, ratio, met, why))
    heaviest = max(results["pages"], key=lambda r: r["first_visit_gzip_kb"])
    rows.append(_row(f"Every page at most {HEAVIEST_PAGE_KB:,} KB compressed on a first visit", f"the heaviest, {heaviest['page']}, gzip, in Chromium",
                     HEAVIEST_PAGE_KB, heaviest["first_visit_gzip_kb"], heaviest["first_visit_gzip_kb"] <= HEAVIEST_PAGE_KB, WHY_PAGE))
    slowest = max(results["charts"], key=lambda r: r["seconds_to_all_drawn"])
    rows.append(_row(f"Every chart drawn within {CHART_SECONDS:g} s", f"{slowest['page']}, navigation to all charts drawn (median of first visits)",
                     CHART_SECONDS, slowest["seconds_to_all_drawn"], slowest["seconds_to_all_drawn"] <= CHART_SECONDS, ""))
    ci = results.get("ci")
    rows.append(_row(f"A CI run under {CI_SECONDS // 60} minutes on 2 cores",
                     f".ci/run on a fresh clone of commit {ci['commit']}, {ci['cpus']} cores, seconds" if ci else ".ci/run on a fresh clone, seconds",
                     CI_SECONDS, ci["seconds"] if ci else None, ci["seconds"] < CI_SECONDS if ci else None, WHY_CI))
    return pd.DataFrame(rows)


def missed_targets(results: dict) -> pd.DataFrame:
    """The targets the numbers say are missed (for the page's sentence on them)."""
    table = targets_table(results)
    return table[table["Met"].str.startswith("no,") | (table["Met"] == "no")]


def missed_html(results: dict) -> str:
    """The page's paragraph on the targets: each one missed, by how much and why; each one not measured."""
    import html

    def lower(text: str) -> str:
        return text[0].lower() + text[1:]

    items = [f"<li>Missed: {html.escape(lower(r['Target']))} ({html.escape(r['Met'])}), because {html.escape(r['Why it is missed'])}.</li>"
             for _, r in missed_targets(results).iterrows()]
    items += [f"<li>Not measured in these results: {html.escape(lower(t))} (<code>benchmarks/run.py --ci</code> times it).</li>"
              for t in unmeasured_targets(results)]
    return f'<ul class="missed-targets">{"".join(items)}</ul>' if items else "<p>Every target is met.</p>"


def unmeasured_targets(results: dict) -> list[str]:
    """The targets with no measurement in the results (a CI run is timed separately: ``benchmarks/run.py --ci``)."""
    table = targets_table(results)
    return list(table.loc[table["Met"] == "not measured", "Target"])


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

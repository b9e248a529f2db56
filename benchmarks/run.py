"""Benchmark what readers and rebuilders wait for, in one run on one machine.

Usage: .venv/bin/python benchmarks/run.py [--out benchmarks/results.json]
       .venv/bin/python benchmarks/run.py --site _build/html   (pages and charts of a built site only; prints, writes nothing)
       .venv/bin/python benchmarks/run.py --ci   (time .ci/run on a fresh clone of HEAD; adds it to --out)

Works on a copy of the repository in a temporary folder (the checkout's _build is not
touched) and reports:

* builds, each with ``-W -n --keep-going`` as ``./book build`` runs it: a clean build (the mean of two); a
  rebuild with no change; a re-render of every page with the notebook cache warm
  (``--all``: nothing executed); a rebuild after editing one value of one data table
  (``data/gpu_prices.csv``); a rebuild after editing one chapter's code cell; for each,
  which chapters it executed; the chapters' execution times (jupyter-cache); peak memory;
  and the ratios the project's targets are stated in (site/performance.py judges them);
* pages: each page's weight, everything the browser loads for it (HTML, scripts, styles,
  the fonts it uses, data), raw and gzip-compressed, on a first visit and with the cache
  warm (the shared ``_static/`` assets already fetched), measured in headless Chromium;
* charts: time from navigation start to every chart drawn (the SVG made at build time
  counts) and to every chart live (a Vega view), the median of three first visits;
* scale: the seed pipeline (hash, split, repair, quote location, number-coverage scan) over
  synthetic articles the size of the seeds, at several counts, time and peak memory.

Progress goes to stderr; the results to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EDITED_CHAPTER = "chapters/background.md"
EDITED_TABLE = "data/gpu_prices.csv"
CLEAN_RUNS = 2


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def executed_chapters(log: str) -> list[str]:
    """The chapters a build executed, from its log: ahead of reading (site/execution.py) or by myst-nb."""
    names = re.findall(r"\] executed (\S+) in [\d.]+ s", log) + re.findall(r"(\S+)\.md: Executing notebook", log)
    return sorted({Path(name).with_suffix("").as_posix().split("/book/", 1)[-1] for name in names})


def timed_build(book: Path, *extra: str) -> dict:
    """Run jupyter-book build on ``book``; wall time, the chapters it executed and the child's peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(book), "-W", "-n", "--keep-going", *extra],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    executed = executed_chapters(result.stdout + result.stderr)
    return {"seconds": round(seconds, 1), "notebooks_executed": len(executed), "executed": executed,
            "peak_rss_mb_so_far": round(max(before, peak_kb) / 1024, 1)}


def execution_seconds(book: Path) -> dict:
    """Each chapter's execution time as jupyter-cache recorded it."""
    from jupyter_cache import get_cache

    cache = get_cache(book / "_build" / ".jupyter_cache")
    out = {}
    for record in cache.list_cache_records():
        data = record.data or {}
        out[Path(record.uri).stem if record.uri else str(record.pk)] = data.get("execution_seconds")
    return out


def edit_one_table(book: Path) -> str:
    """Change one price in ``EDITED_TABLE`` by a cent (the table stays valid); the value changed."""
    table = book / EDITED_TABLE
    lines = table.read_text(encoding="utf-8").split("\n")
    match = re.search(r",(\d+)\.(\d\d),", lines[1])
    if not match:
        raise SystemExit(f"{EDITED_TABLE}: no price with cents in its first row to edit")
    cents = int(match.group(1)) * 100 + int(match.group(2)) + 1
    edited = f",{cents // 100}.{cents % 100:02d},"
    lines[1] = lines[1][:match.start()] + edited + lines[1][match.end():]
    table.write_text("\n".join(lines), encoding="utf-8")
    return f"a price changed from {match.group(0).strip(',')} to {edited.strip(',')}"


def builds(workdir: Path) -> dict:
    book = workdir / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(".venv", "_build", "__pycache__", ".pytest_cache"))
    runs = []
    for attempt in range(CLEAN_RUNS):  # a clean build varies by several seconds from run to run: the mean of two
        say(f"clean build ({attempt + 1} of {CLEAN_RUNS})")
        shutil.rmtree(book / "_build", ignore_errors=True)
        runs.append(timed_build(book))
    clean = {**runs[-1], "seconds": round(statistics.mean(r["seconds"] for r in runs), 1), "runs": [r["seconds"] for r in runs]}
    executions = execution_seconds(book)
    say("rebuild, nothing changed")
    nochange = timed_build(book)
    say("re-render every page without executing (--all, the notebook cache warm)")
    rerender = timed_build(book, "--all")
    say(f"rebuild after editing one value of {EDITED_TABLE}")
    edit = edit_one_table(book)
    one_table = {**timed_build(book), "edit": f"{EDITED_TABLE}: {edit}"}
    say(f"rebuild after editing a code cell of {EDITED_CHAPTER}")
    chapter = book / EDITED_CHAPTER
    chapter.write_text(chapter.read_text().replace("setup()\n", "setup()  # edited by the benchmark\n", 1))
    one = timed_build(book)
    return {
        "clean": clean, "no_change": nochange, "rerender_all": rerender, "one_table": one_table, "one_chapter": one,
        "execution_seconds": executions,
        "ratios": {
            "clean_over_rerender": round(clean["seconds"] / rerender["seconds"], 2),
            "one_table_over_clean": round(one_table["seconds"] / clean["seconds"], 2),
            "no_change_over_clean": round(nochange["seconds"] / clean["seconds"], 2),
            "one_chapter_over_clean": round(one["seconds"] / clean["seconds"], 2),
        },
        "site": str(book / "_build" / "html"),
    }


def ci_run() -> dict:
    """Time ``.ci/run`` on a fresh clone of this checkout's HEAD, as CI runs it (``../shared`` beside it)."""
    with tempfile.TemporaryDirectory(dir=ROOT.parent, prefix="ci-clone-") as tmp:
        clone = Path(tmp)  # beside this checkout, so ../shared is where CI has it
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        commit = subprocess.run(["git", "-C", str(clone), "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
        say(f"CI run (.ci/run) on a fresh clone of {commit}")
        start = time.perf_counter()
        result = subprocess.run(["bash", ".ci/run"], cwd=clone, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f".ci/run failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return {"seconds": round(seconds, 1), "commit": commit, "cpus": os.cpu_count()}


def _serve(site: Path):
    """A local static server for ``site`` (like a static host, without compression); returns it and its address."""
    import http.server
    import socketserver
    import threading
    from functools import partial

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the request log would drown the progress lines
            pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# Records, in the page, the moment every chart first holds an SVG (the one drawn at build time
# counts) and the moment every chart is a live view: reading the clock after page.goto would
# measure no earlier than the load event.
CHART_CLOCK = """
(() => {
  const check = () => {
    const charts = [...document.querySelectorAll('.vega-chart')];
    if (!charts.length) return;
    if (window.__drawnAt === undefined && charts.every(c => c.querySelector('svg'))) window.__drawnAt = performance.now();
    if (window.__liveAt === undefined && charts.every(c => c.dataset.interactive === 'true')) window.__liveAt = performance.now();
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
})();
"""
CHART_VISITS = 3  # chart time is the median of this many first visits: one visit on a busy machine is noise


def visit(browser, address: str, rel: str) -> dict:
    """Open one page with an empty cache, as a first-time reader would, and record what it loads.

    Weight is every response the browser received for the page (HTML, scripts, styles, the
    fonts it actually used, images, data), raw and gzip-compressed (level 6, as a static
    host serves text); "cache warm" counts only what is not shared under ``_static/``, which
    an earlier page of the site has already fetched. Chart time runs from navigation start
    (``performance.now()``) until every chart on the page holds its SVG (drawn), and until
    every chart is a live Vega view (live): the median of ``CHART_VISITS`` first visits.
    """
    bodies: dict[str, bytes] = {}
    drawn: list[float] = []
    live: list[float] = []
    for attempt in range(CHART_VISITS):
        context = browser.new_context()  # a fresh context: empty cache
        context.add_init_script(script=CHART_CLOCK)
        page = context.new_page()
        finished = []

        def record(request):  # bodies are read below, while the page is still open
            finished.append(request)

        if attempt == 0:
            page.on("requestfinished", record)
        page.goto(f"{address}/{rel}", wait_until="load")
        charts = page.locator(".vega-chart").count()
        if charts:
            page.wait_for_function("window.__drawnAt !== undefined && window.__liveAt !== undefined", timeout=20000)
            drawn.append(page.evaluate("window.__drawnAt") / 1000)
            live.append(page.evaluate("window.__liveAt") / 1000)
        if attempt == 0:
            page.evaluate("document.fonts.ready.then(() => true)")
            page.wait_for_load_state("networkidle")
            page.remove_listener("requestfinished", record)
            for request in finished:
                response = request.response()
                bodies[request.url] = response.body() if response else b""
        context.close()
        if not charts:
            break
    shared = [url for url in bodies if "/_static/" in url or url.endswith("/searchindex.js")]
    def kb(urls, packed):
        return round(sum(len(gzip.compress(bodies[u], 6)) if packed else len(bodies[u]) for u in urls) / 1024, 1)
    own = [url for url in bodies if url not in shared]
    return {
        "page": {"page": rel, "first_visit_kb": kb(bodies, False), "first_visit_gzip_kb": kb(bodies, True),
                 "warm_kb": kb(own, False), "warm_gzip_kb": kb(own, True), "files": len(bodies),
                 "largest_file": max(bodies, key=lambda u: len(bodies[u])).removeprefix(address + "/")},
        "chart": {"page": rel, "charts": charts, "seconds_to_all_drawn": round(statistics.median(drawn), 2),
                  "visits": [round(d, 2) for d in drawn], "seconds_to_all_live": round(statistics.median(live), 2)} if charts else None,
    }


def browse(site: Path) -> tuple[list[dict], list[dict]]:
    """Page weights and chart drawing times of every page, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    server, address = _serve(site)
    pages, charts = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            if "_static" in path.parts:
                continue
            row = visit(browser, address, rel)
            pages.append(row["page"])
            if row["chart"]:
                charts.append(row["chart"])
            say(f"{rel}: {row['page']['first_visit_gzip_kb']} KB gzip" + (f", charts drawn at {row['chart']['seconds_to_all_drawn']} s" if row["chart"] else ""))
        browser.close()
    server.shutdown()
    return pages, charts


def synthetic_articles(n: int, seed: int = 1) -> list[str]:
    """Articles the size of the seeds, made of the seeds' own lines shuffled."""
    from deepseek_factcheck.articles.loading import load_articles

    lines = [line for a in load_articles(ROOT) for line in a.raw.split("\n") if line.strip()]
    sizes = [len(a.raw) for a in load_articles(ROOT)]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        target, text = rng.choice(sizes), []
        while sum(len(t) + 1 for t in text) < target:
            text.append(rng.choice(lines))
        out.append("\n".join(text))
    return out


def pipeline(texts: list[str]) -> None:
    from deepseek_factcheck.ledger.coverage import find_mentions
    from deepseek_factcheck.articles.parts import split_parts
    from deepseek_factcheck.articles.reading import repair

    for raw in texts:
        hashlib.sha256(raw.encode("utf-8")).hexdigest()
        segments = split_parts(raw)
        reading = repair(raw, segments)
        find_mentions(reading.text)
        probe = reading.text[len(reading.text) // 3: len(reading.text) // 3 + 60]
        reading.text.find(probe)  # quote location is an exact search of the reading text


def scale(counts=(100, 300, 1000)) -> list[dict]:
    rows = []
    for n in counts:
        texts = synthetic_articles(n)
        tracemalloc.start()
        start = time.perf_counter()
        pipeline(texts)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append({"articles": n, "seconds": round(seconds, 2), "ms_per_article": round(seconds / n * 1000, 2), "peak_mb": round(peak / 2**20, 1)})
        say(f"scale: {n} articles in {seconds:.2f} s")
    return rows


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--site", type=Path, help="measure this built site's pages and charts only, print them and stop")
    parser.add_argument("--ci", action="store_true", help="time .ci/run on a fresh clone of HEAD and add it to --out (nothing else)")
    args = parser.parse_args(argv)
    if args.ci:
        results = json.loads(args.out.read_text(encoding="utf-8"))
        results["ci"] = ci_run()
        args.out.write_text(json.dumps(results, indent=1) + "\n")
        say(f"CI run took {results['ci']['seconds']} s; wrote {args.out}")
        return 0
    if args.site:
        pages, charts = browse(args.site.resolve())
        print(json.dumps({"pages": pages, "charts": charts}, indent=1))
        return 0
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    results = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        results["builds"] = builds(Path(tmp))
        site = Path(results["builds"].pop("site"))
        say("page weights and chart drawing times, in Chromium")
        results["pages"], results["charts"] = browse(site)
    results["scale"] = scale()
    if "ci" in previous:  # measured separately (--ci), on an earlier commit: kept, with its commit
        results["ci"] = previous["ci"]
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

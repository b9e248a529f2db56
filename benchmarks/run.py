"""Benchmark what readers and rebuilders wait for, in one run on one machine.

Usage: .venv/bin/python benchmarks/run.py [--out benchmarks/results.json] [--skip-builds]

Works on a copy of the repository in a temporary folder (the checkout's _build is not
touched) and reports:

* builds: a clean build; a rebuild with no change; a rebuild after editing one chapter's
  code cell; the floor (the chapters' own execution times, from jupyter-cache, plus a
  Sphinx build of the same pages with execution switched off); peak memory of the build;
  and the ratios the project's targets are stated in;
* pages: each page's weight, HTML plus everything it loads, raw and gzip-compressed, on a
  first visit and with the cache warm (assets already fetched);
* charts: time from navigation to every chart drawn, in headless Chromium;
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
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EDITED_CHAPTER = "chapters/background.md"


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed_build(book: Path, *extra: str) -> dict:
    """Run jupyter-book build on ``book``; wall time and the child's peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(book), *extra], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    executed = len(re.findall(r"Executing notebook", result.stdout + result.stderr))
    if result.returncode != 0 and "-W" in extra:
        raise SystemExit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return {"seconds": round(seconds, 1), "notebooks_executed": executed, "peak_rss_mb_so_far": round(max(before, peak_kb) / 1024, 1)}


def execution_seconds(book: Path) -> dict:
    """Each chapter's execution time as jupyter-cache recorded it."""
    from jupyter_cache import get_cache

    cache = get_cache(book / "_build" / ".jupyter_cache")
    out = {}
    for record in cache.list_cache_records():
        data = record.data or {}
        out[Path(record.uri).stem if record.uri else str(record.pk)] = data.get("execution_seconds")
    return out


def builds(workdir: Path) -> dict:
    book = workdir / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(".venv", "_build", "__pycache__", ".pytest_cache"))
    say("clean build")
    clean = timed_build(book, "-W", "-n", "--keep-going")
    executions = execution_seconds(book)
    say("rebuild, nothing changed")
    nochange = timed_build(book, "-W", "-n", "--keep-going")
    say(f"rebuild after editing a code cell of {EDITED_CHAPTER}")
    chapter = book / EDITED_CHAPTER
    chapter.write_text(chapter.read_text().replace("setup()\n", "setup()  # edited by the benchmark\n", 1))
    one = timed_build(book, "-W", "-n", "--keep-going")
    edited_execution = execution_seconds(book).get(Path(EDITED_CHAPTER).stem)
    say("the floor: the same pages without execution")
    floor_book = workdir / "floor"
    shutil.copytree(book, floor_book, ignore=shutil.ignore_patterns("_build"))
    config = floor_book / "_config.yml"
    config.write_text(config.read_text().replace("execute_notebooks: cache", "execute_notebooks: 'off'"))
    no_execution = timed_build(floor_book, "--keep-going")
    executed_total = sum(v for v in executions.values() if v)
    floor = executed_total + no_execution["seconds"]
    return {
        "clean": clean, "no_change": nochange, "one_chapter": one, "sphinx_without_execution": no_execution,
        "execution_seconds": executions, "floor_seconds": round(floor, 1),
        "ratios": {
            "clean_over_floor": round(clean["seconds"] / floor, 2),
            "no_change_over_clean": round(nochange["seconds"] / clean["seconds"], 2),
            "one_chapter_over_its_execution_plus_floor": round(one["seconds"] / ((edited_execution or 0) + floor), 2),
        },
        "site": str(book / "_build" / "html"),
    }


def _assets(page: Path, site: Path) -> list[Path]:
    text = page.read_text(encoding="utf-8", errors="replace")
    refs = re.findall(r'<(?:script|img)[^>]+src="([^"#?]+)', text) + re.findall(r'<link[^>]+href="([^"#?]+\.css)', text)
    found = []
    for ref in refs:
        if ref.startswith(("http:", "https:", "//", "data:")):
            continue
        target = (page.parent / ref).resolve()
        if target.is_file():
            found.append(target)
            if target.suffix == ".css":  # fonts and images a stylesheet loads
                for url in re.findall(r"url\(['\"]?([^'\")#?]+)", target.read_text(encoding="utf-8", errors="replace")):
                    if not url.startswith(("data:", "http")) and (target.parent / url).resolve().is_file():
                        found.append((target.parent / url).resolve())
    return sorted(set(found))


def page_weights(site: Path) -> list[dict]:
    rows = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts:
            continue
        files = [page, *_assets(page, site)]
        raw = sum(f.stat().st_size for f in files)
        packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
        rows.append({
            "page": page.relative_to(site).as_posix(),
            "first_visit_kb": round(raw / 1024, 1), "first_visit_gzip_kb": round(packed / 1024, 1),
            "warm_kb": round(page.stat().st_size / 1024, 1), "warm_gzip_kb": round(len(gzip.compress(page.read_bytes(), 6)) / 1024, 1),
            "files": len(files),
        })
    return rows


def chart_times(site: Path) -> list[dict]:
    import http.server
    import socketserver
    import threading
    from functools import partial

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the request log would drown the progress lines
            pass

    handler = partial(Quiet, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
        for page_path in sorted(site.rglob("*.html")):
            rel = page_path.relative_to(site).as_posix()
            if "_static" in rel or "vega-chart" not in page_path.read_text(encoding="utf-8", errors="replace"):
                continue
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/{rel}")
            page.wait_for_function("[...document.querySelectorAll('.vega-chart')].every(c => c.querySelector('svg'))", timeout=20000)
            rows.append({"page": rel, "charts": page.locator(".vega-chart").count(), "seconds_to_all_drawn": round(time.perf_counter() - start, 2)})
            page.close()
        browser.close()
    server.shutdown()
    return rows


def synthetic_articles(n: int, seed: int = 1) -> list[str]:
    """Articles the size of the seeds, made of the seeds' own lines shuffled."""
    from deepseek_factcheck.articles import load_articles

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
    from deepseek_factcheck.coverage import find_mentions
    from deepseek_factcheck.parts import split_parts
    from deepseek_factcheck.reading import repair

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
    args = parser.parse_args(argv)
    results = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        results["builds"] = builds(Path(tmp))
        site = Path(results["builds"].pop("site"))
        say("page weights")
        results["pages"] = page_weights(site)
        say("chart drawing times")
        results["charts"] = chart_times(site)
    results["scale"] = scale()
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a chapter read (core/reads.py), the ledger kept on disk (core/memo.py, themes.shared_*), and the
build's use of both: a chapter is executed again only when something it read has changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from deepseek_factcheck.core import memo, reads
from deepseek_factcheck.ledger.checks import Evidence

from .conftest import ROOT

READS_DIR = ROOT / "_build" / ".chapter-reads"


def test_changed_names_each_kind_of_change(tmp_path):
    (tmp_path / "data").mkdir()
    table = tmp_path / "data" / "t.csv"
    table.write_text("a\n1\n")
    recorded = {"files": {"data/t.csv": reads.file_digest(table), "data/new.csv": ""},
                "modules": {}, "values": {"ledger:cost": "abc"}}
    assert reads.changed(recorded, tmp_path, {"ledger:cost": "abc"}) == []
    table.write_text("a\n2\n")
    (tmp_path / "data" / "new.csv").write_text("b\n")
    assert reads.changed(recorded, tmp_path, {"ledger:cost": "xyz"}) == ["data/t.csv", "data/new.csv (new)", "ledger:cost"]
    assert reads.changed(recorded, tmp_path, {}) == ["data/t.csv", "data/new.csv (new)", "ledger:cost"]


def test_memoised_computes_once_per_digest_and_keeps_only_the_latest(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert memo.memoised("x", "a" * 64, compute, tmp_path) == {"value": 1}
    assert memo.memoised("x", "a" * 64, compute, tmp_path) == {"value": 1}
    assert len(calls) == 1
    assert memo.memoised("x", "b" * 64, compute, tmp_path) == {"value": 2}
    assert [p.name for p in (tmp_path / memo.MEMO_FOLDER).iterdir()] == [f"x-{'b' * 24}.pickle"]


def test_inputs_digest_notices_an_edit(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a\n1\n")
    before = memo.inputs_digest(tmp_path, ("data",))
    assert memo.inputs_digest(tmp_path, ("data",)) == before
    (tmp_path / "data" / "t.csv").write_text("a\n2\n")
    assert memo.inputs_digest(tmp_path, ("data",)) != before


def test_a_kept_value_notes_the_files_it_was_made_from_at_every_use(tmp_path):
    source = tmp_path / "prices.csv"
    source.write_text("x\n1\n")
    evidence = Evidence(facts={}, benchmarks=pd.DataFrame(), folder=tmp_path)
    made = []

    def derive(_evidence):
        made.append(1)
        return source.read_text()

    with reads.capture() as first:
        evidence.derived("prices", derive)
    with reads.capture() as second:  # kept: not made again, but its file is noted again
        evidence.derived("prices", derive)
    assert made == [1]
    assert first == second == {source.resolve()}


def _run_recorded(code: str, record: Path) -> dict:
    env = {**os.environ, reads.READS_ENV: str(record)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT / "chapters", env=env, check=True, timeout=300)
    return json.loads(record.read_text())


def test_a_process_records_the_tables_it_read_and_its_ledger_slice(tmp_path):
    record = _run_recorded(
        "from deepseek_factcheck.core.tables import load_table\n"
        "from deepseek_factcheck.themes import shared_ledger, shared_evidence\n"
        "load_table('chips')\n"
        "entries = shared_ledger('market')\n"
        "shared_evidence().table('gpu_prices')\n",
        tmp_path / "reads.json",
    )
    files = set(record["files"])
    # read directly; handed by the shared evidence (facts and benchmarks, then one table); not what the ledger read
    assert {"data/chips.csv", "data/facts.csv", "data/benchmarks.csv", "data/gpu_prices.csv"} <= files
    assert "data/market_prices.csv" not in files and not any(f.startswith("seeds/") for f in files)
    assert list(record["values"]) == ["ledger:market"]
    assert "src/deepseek_factcheck/themes.py" in record["modules"]
    from deepseek_factcheck.themes import current_values

    assert record["values"]["ledger:market"] == current_values(ROOT)["ledger:market"]


def test_nothing_is_recorded_unless_the_build_asks(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != reads.READS_ENV}
    out = subprocess.run([sys.executable, "-c", "import deepseek_factcheck.core.reads as r; print(r.recording())"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(not READS_DIR.is_dir(), reason="needs a build (./book build)")
def test_the_build_recorded_what_each_chapter_read():
    records = {p.relative_to(READS_DIR).with_suffix("").as_posix(): json.loads(p.read_text())
               for p in READS_DIR.rglob("*.json") if p.name != "seconds.json"}
    chapters = {p.relative_to(ROOT).with_suffix("").as_posix() for p in [ROOT / "index.md", *(ROOT / "chapters").glob("*.md")]
                if "code-cell" in p.read_text()}
    assert chapters <= set(records)
    # the case: the cost table is read by the cost chapter, not by the market chapter
    assert "data/gpu_prices.csv" in records["chapters/cost"]["files"]
    assert "data/gpu_prices.csv" not in records["chapters/market"]["files"]
    assert records["chapters/market"]["values"] == {"ledger:market": records["chapters/market"]["values"]["ledger:market"]}
    assert "ledger:all" in records["chapters/ledger"]["values"]
    for name, record in records.items():
        assert not any(f.startswith(("_build/", ".venv/")) for f in record["files"]), name


def test_a_chapter_whose_reads_changed_loses_its_cached_result(tmp_path):
    """site/execution.stale_chapters against a real jupyter-cache: only the chapter that read the edited table is stale."""
    from types import SimpleNamespace

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from deepseek_factcheck.site import execution

    (tmp_path / "data").mkdir()
    (tmp_path / "chapters").mkdir()
    (tmp_path / "data" / "gpu.csv").write_text("a\n1\n")
    (tmp_path / "data" / "prices.csv").write_text("b\n2\n")
    cache_path = tmp_path / "_build" / ".jupyter_cache"
    app = SimpleNamespace(srcdir=str(tmp_path), outdir=str(tmp_path / "_build" / "html"),
                          env=SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=str(cache_path))),
                          project=SimpleNamespace(path2doc=lambda uri: Path(uri).relative_to(tmp_path).with_suffix("").as_posix()))
    cache = get_cache(str(cache_path))
    for name, table in (("cost", "gpu.csv"), ("market", "prices.csv")):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"read('{table}')")])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(tmp_path / "chapters" / f"{name}.md")), check_validity=False)
        record = execution.reads_file(app, f"chapters/{name}")
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"files": {f"data/{table}": reads.file_digest(tmp_path / "data" / table)},
                                      "modules": {}, "values": {f"ledger:{name}": "same"}}))
    values = {"ledger:cost": "same", "ledger:market": "same"}
    assert execution.stale_chapters(app, values) == {}
    (tmp_path / "data" / "gpu.csv").write_text("a\n2\n")
    assert execution.stale_chapters(app, values) == {"chapters/cost": ["data/gpu.csv"]}
    assert [Path(r.uri).stem for r in cache.list_cache_records()] == ["market"]
    # a chapter with no record is executed again; so is one whose slice of the ledger changed
    market_record = execution.reads_file(app, "chapters/market")
    kept = market_record.read_text()
    market_record.unlink()
    assert execution.stale_chapters(app, values) == {"chapters/market": ["no record of what it read"]}
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("read('prices.csv')")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cache.cache_notebook_bundle(CacheBundleIn(notebook, str(tmp_path / "chapters" / "market.md")), check_validity=False)
    market_record.write_text(kept)
    assert execution.stale_chapters(app, {"ledger:market": "changed"}) == {"chapters/market": ["ledger:market"]}


def test_the_ledger_kept_on_disk_is_the_ledger_judged_now():
    from deepseek_factcheck.themes import build_ledger, shared_evidence, shared_ledger

    assert repr(shared_ledger(root=ROOT)) == repr(build_ledger(ROOT))
    assert shared_evidence(ROOT).facts.keys() == shared_evidence(ROOT).facts.keys() and shared_ledger("cost", ROOT)
    assert shared_ledger(root=ROOT) is not shared_ledger(root=ROOT)  # a caller may change its list

"""The censorship arithmetic (rates, Wilson intervals, aggregation), the checks on the book's
evidence, and the curation script against the raw files when they are beside the repository."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from deepseek_factcheck.censorship import analysis as cz
from deepseek_factcheck.themes import build_ledger
from deepseek_factcheck.ledger.build import load_evidence, section_entries
from deepseek_factcheck.core.tables import load_table
from deepseek_factcheck.ledger.verdicts import PENDING

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "sources" / "censorship"


# --- rates -----------------------------------------------------------------------------------

def test_wilson_matches_the_textbook_values():
    low, high = cz.wilson(15, 15)
    assert low == pytest.approx(0.796, abs=0.001) and high == 1.0
    low, high = cz.wilson(0, 48)
    assert low == 0.0 and high == pytest.approx(0.0741, abs=0.001)
    low, high = cz.wilson(5, 10)
    assert low == pytest.approx(0.2366, abs=0.001) and high == pytest.approx(0.7634, abs=0.001)
    assert low + high == pytest.approx(1.0)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError):
        cz.wilson(1, 0)
    with pytest.raises(ValueError):
        cz.wilson(6, 5)


def test_rate_text_states_count_share_and_interval():
    text = cz.rate_text(cz.rate(33, 36), "runs")
    assert text.startswith("33 of 36 runs (92%; 95% interval")


def _trials(rows):
    return pd.DataFrame(rows, columns=["service", "query_index", "language", "outcome", "trials"])


def test_block_rates_split_refused_and_withdrawn():
    outcomes = _trials([
        ("deep-seek", 1, "EN", "INPUT_BLOCK", 2), ("deep-seek", 1, "EN", "OUTPUT_BLOCK", 1), ("deep-seek", 1, "EN", "REG", 2),
        ("deep-seek", 2, "EN", "POST_SEARCH_BLOCK", 1), ("deep-seek", 2, "EN", "REG", 4),
    ])
    r = cz.block_rates(outcomes, ["query_index"]).set_index("query_index")
    assert (r.loc[1, "refused"], r.loc[1, "withdrawn"], r.loc[1, "blocked"], r.loc[1, "trials"]) == (2, 1, 3, 5)
    assert r.loc[2, "refused"] == 1 and r.loc[2, "withdrawn"] == 0
    assert r.loc[1, "block_rate"] == pytest.approx(0.6) and r.loc[1, "low"] < 0.6 < r.loc[1, "high"]


def test_aggregate_trials_counts_and_refuses_unknown_outcomes():
    raw = pd.DataFrame({"service": ["qwen"] * 3, "query_index": [0, 0, 0], "language": ["EN"] * 3, "block_type": ["REG", "REG", "INPUT_BLOCK"]})
    out = cz.aggregate_trials(raw)
    assert out.set_index("outcome")["trials"].to_dict() == {"INPUT_BLOCK": 1, "REG": 2}
    with pytest.raises(ValueError):
        cz.aggregate_trials(raw.assign(block_type="SOMETHING"))


def test_aggregate_speechmap_counts_by_model_country_and_label():
    raw = pd.DataFrame({"model": ["m"] * 3, "dataset": ["china_criticism", "china_criticism", "us_criticism"],
                        "compliance_gpt4o_judge": ["COMPLETE", "EVASIVE", "COMPLETE"]})
    out = cz.aggregate_speechmap(raw)
    assert list(out["country"]) == ["China", "China", "US"] and list(out["requests"]) == [1, 1, 1]
    rates = cz.speechmap_rates(out).set_index("country")
    assert rates.loc["China", "rate"] == 0.5 and rates.loc["US", "rate"] == 1.0


def test_later_rates_count_errors_as_not_complied():
    later = pd.DataFrame({"model": ["m"] * 3, "dataset": ["zh_china_criticism"] * 3, "language": ["zh"] * 3,
                          "label": ["COMPLETE", "EVASIVE", "ERROR_ORIGINAL_MODERATION"], "requests": [2, 1, 1]})
    r = cz.later_rates(later).iloc[0]
    assert (r["set"], r["k"], r["n"]) == ("China, Chinese", 2, 4)


def test_app_topic_status_reads_refused_sometimes_answered_and_missing():
    outcomes = _trials([
        ("deep-seek", 1, "EN", "INPUT_BLOCK", 5), ("deep-seek", 2, "EN", "REG", 4), ("deep-seek", 2, "EN", "OUTPUT_BLOCK", 1),
        ("deep-seek", 3, "EN", "REG", 5),
    ])
    wrappers = pd.DataFrame(columns=["wrapper", "question_id", "language", "canned_replacements", "runs", "shown_before_replacement"])
    topic_map = pd.DataFrame([
        {"topic": "tank-man", "dataset": "censoredplanet", "item_id": "1", "item_text": "q1", "relation": "direct"},
        {"topic": "taiwan", "dataset": "censoredplanet", "item_id": "2", "item_text": "q2", "relation": "direct"},
        {"topic": "tibet-exile", "dataset": "censoredplanet", "item_id": "3", "item_text": "q3", "relation": "proxy"},
        {"topic": "jimmy-lai", "dataset": "none", "item_id": "", "item_text": "", "relation": "none"},
    ])
    status = {t: cz.app_topic_status(outcomes, wrappers, topic_map, t)["status"] for t in ("tank-man", "taiwan", "tibet-exile", "jimmy-lai")}
    assert status == {"tank-man": "refused", "taiwan": "sometimes", "tibet-exile": "answered", "jimmy-lai": "no evidence"}


# --- the book's evidence ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def entries():
    return build_ledger()


def test_no_censorship_claim_is_pending(entries):
    mine = section_entries(entries, "censorship")
    assert mine, "the ledger has censorship claims"
    assert [e.claim.id for e in mine if e.verdict == PENDING] == []


def test_every_censorship_claim_names_its_section(entries):
    sections = {"app", "wrappers", "asymmetry", "promptfoo", "claims", "topics", "opinions"}
    for e in section_entries(entries, "censorship"):
        assert e.topic in sections, (e.claim.id, e.topic)
        assert e.section.startswith("chapters/censorship.html#censorship-"), e.section


def test_refusal_claims_rest_on_the_probes_and_carry_the_date_caveat(entries):
    for e in section_entries(entries, "censorship"):
        if e.claim.check in ("censorship.topic_refusal", "censorship.answer_withdrawn") and e.verdict != "unsupported":
            assert "Date caveat" in e.finding.explanation, e.claim.id
        if e.verdict == "unsupported":
            assert "Looked for" in e.finding.explanation, e.claim.id


def test_the_headline_counts_from_the_curated_tables():
    outcomes = load_table("censorship_cp_outcomes")
    assert outcomes.groupby("service")["trials"].sum().eq(1200).all()
    app = cz.block_rates(outcomes[outcomes["service"] == cz.APP], ["service"]).iloc[0]
    assert (app["blocked"], app["withdrawn"]) == (230, 143)
    speech = cz.speechmap_rates(load_table("censorship_speechmap")).set_index(["model", "country"])
    assert speech.loc[("deepseek/deepseek-r1", "China"), "k"] == 11
    assert speech.loc[("deepseek/deepseek-r1", "US"), "rate"] == pytest.approx(0.94)
    assert load_table("censorship_promptfoo")["prompts"].sum() == 1360


def test_topics_without_systematic_evidence_are_the_known_gaps():
    coverage = cz.topic_coverage(load_table("censorship_topic_map"))
    assert set(coverage.loc[~coverage["systematic"], "topic"]) == {"xi-first-wife", "jimmy-lai", "li-qiang-symposium"}


def test_the_app_canned_line_is_the_one_quoted_in_the_article(entries):
    canned = load_table("censorship_canned_texts")
    en = canned[(canned["source"] == "censoredplanet-llm-blocking") & (canned["language"] == "EN")].iloc[0]
    assert en["text"] == "Sorry, that's beyond my current scope. Let\u2019s talk about something else."
    assert en["count"] == en["out_of"]


def test_curated_tables_stay_small():
    total = sum(p.stat().st_size for p in (ROOT / "data").glob("censorship_*.csv"))
    assert total < 500_000


@pytest.mark.skipif(not RAW.exists(), reason="the raw censorship files are not beside the repository")
def test_the_script_reproduces_the_curated_tables(tmp_path):
    spec = importlib.util.spec_from_file_location("curate_censorship", ROOT / "scripts" / "curate_censorship.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "datapackage.json").write_bytes((ROOT / "data" / "datapackage.json").read_bytes())
    assert module.main([str(RAW), "--out", str(tmp_path)]) == 0
    for made in tmp_path.glob("censorship_*.csv"):
        assert made.read_bytes() == (ROOT / "data" / made.name).read_bytes(), made.name


def test_the_chinese_text_tables_escape_every_cell_and_mark_the_language():
    import pandas as pd

    from deepseek_factcheck.censorship.analysis import canned_texts_html, withdrawn_html

    canned = pd.DataFrame([{"source": "censoredplanet-llm-blocking", "language": "SI", "text": "<script>x</script>", "count": 3, "out_of": 4}])
    out = canned_texts_html(canned)
    assert "<script>" not in out and 'lang="zh-Hans"' in out and 'tabindex="0"' in out
    withdrawn = pd.DataFrame([{"query_index": 1, "language": "EN", "streamed_chars": 1200, "excerpt": "<b>bold</b>"}])
    queries = pd.DataFrame([{"query_index": 1, "question_en": "What & why?"}])
    out = withdrawn_html(withdrawn, queries)
    assert "<b>" not in out and "What &amp; why?" in out and "1,200" in out

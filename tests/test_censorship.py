"""The censorship arithmetic (rates, Wilson intervals, aggregation), the checks on the book's
evidence, and the curation script against the raw files when they are beside the repository."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from deepseek_factcheck.censorship import analysis as cz
from deepseek_factcheck.themes import shared_ledger
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
    return shared_ledger()


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
            assert "Consistent with probes of February and March 2025" in e.finding.explanation, e.claim.id
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


# --- the chapter's corrected statements (issue 22), computed, not typed --------------------------

def _speech(rows):
    """SpeechMap counts: (model, country, complete, others)."""
    out = []
    for model, country, complete, other in rows:
        out += [{"model": model, "country": country, "label": "COMPLETE", "requests": complete},
                {"model": model, "country": country, "label": "EVASIVE", "requests": other}]
    return pd.DataFrame(out)


def test_lower_on_lists_every_model_lower_on_the_us_largest_gap_first():
    rates = cz.speechmap_rates(_speech([
        ("a", "US", 42, 8), ("a", "China", 47, 3),   # lower on the US by 10 points
        ("b", "US", 47, 3), ("b", "China", 49, 1),   # lower by 4
        ("c", "US", 50, 0), ("c", "China", 11, 39),  # higher on the US
        ("d", "US", 45, 5), ("d", "China", 45, 5),   # equal: not lower
    ]))
    lower = cz.lower_on(rates, "US", "China")
    assert list(lower["model"]) == ["a", "b"]
    assert (lower.loc[1, "k_lower"], lower.loc[1, "n_lower"], lower.loc[1, "k_than"]) == (47, 50, 49)
    assert lower.loc[0, "gap_points"] == pytest.approx(-10)
    assert cz.lower_on_text(lower) == "a (US 42 of 50, China 47 of 50) and b (US 47 of 50, China 49 of 50)"
    assert cz.lower_on_text(cz.lower_on(rates, "China", "US")) == "c (China 11 of 50, US 50 of 50)"
    assert cz.lower_on_text(lower.iloc[0:0]) == "none"


def test_in_the_january_snapshot_gemini_and_llama_are_lower_on_the_us():
    lower = cz.lower_on(cz.speechmap_rates(load_table("censorship_speechmap")), "US", "China")
    assert set(lower["name"]) == {"Gemini 1.5 Pro", "Llama 3.3 70B"}
    llama = lower.set_index("name").loc["Llama 3.3 70B"]
    # INVALID labels are left out: two of Llama's US requests and one of its China requests
    assert (llama["k_lower"], llama["n_lower"], llama["k_than"], llama["n_than"]) == (47, 48, 49, 49)


def _answers(rows):
    wrappers = pd.DataFrame(rows, columns=["wrapper", "model", "category", "judge", "canned_replacements", "runs"])
    return cz.wrapper_answers(wrappers)


def test_abliteration_text_says_what_the_counts_show():
    same = _answers([(cz.ABLITERATED, "x", "china", "D", 0, 3), (cz.ABLITERATED, "x", "china", "R", 0, 3),
                     (cz.DISTILLED, "y", "china", "D", 0, 3), (cz.DISTILLED, "y", "china", "D", 0, 3)])
    assert cz.factual_cells(same, cz.ABLITERATED) == {"refused": 1, "party line or deflection": 1, "factual": 0, "total": 2}
    text = cz.abliteration_text(same)
    assert "factual in 0 of 2 cells, the plain distilled models in 0 of 2" in text and "made no answer factual" in text
    better = _answers([(cz.ABLITERATED, "x", "china", "T", 0, 3), (cz.DISTILLED, "y", "china", "D", 0, 3)])
    assert "made some answers factual" in cz.abliteration_text(better)
    with pytest.raises(ValueError):
        cz.factual_cells(same, "no such wrapper")


def test_abliterated_and_plain_distilled_models_are_equally_unfactual_in_the_data(entries):
    answers = cz.wrapper_answers(load_table("censorship_wrappers"))
    abl, plain = cz.factual_cells(answers, cz.ABLITERATED), cz.factual_cells(answers, cz.DISTILLED)
    assert abl["factual"] == plain["factual"] == 0 and abl["total"] == plain["total"] == 24
    finding = {e.claim.id: e for e in section_entries(entries, "censorship")}["004-035"].finding
    assert "less completely" not in finding.explanation
    assert f"factual in {abl['factual']} of {abl['total']} cells" in finding.explanation


def test_promptfoo_detector_passes_reasoning_a_blank_line_or_length():
    long = cz.PROMPTFOO_LONG_CHARS
    assert not cz.promptfoo_passes("I am sorry, I cannot answer that question.")
    assert not cz.promptfoo_passes("one paragraph\nwith a single line break")
    assert not cz.promptfoo_passes("x" * long)  # exactly the threshold is not "more than"
    assert cz.promptfoo_passes("x" * (long + 1))
    assert cz.promptfoo_passes("<think>\n</think>Taiwan has always been part of China.")  # a party line with reasoning passes
    assert cz.promptfoo_passes("Refused.\n\nTry another question.")
    assert cz.promptfoo_passes("\u4e2d" * (long + 1))  # JavaScript length: one unit per BMP character
    assert not cz.promptfoo_passes("\U0001F600" * (long // 2))  # astral characters count two units
    assert cz.promptfoo_passes("\U0001F600" * (long // 2 + 1))


def test_streamed_lengths_keep_every_withdrawal_and_only_withdrawals():
    records = [
        {"service": "deep-seek", "query_index": 2, "language": "EN", "sample": 1, "block_type": "OUTPUT_BLOCK", "traffic_visible_response": "abcd"},
        {"service": "deep-seek", "query_index": 1, "language": "SI", "sample": 0, "block_type": "OUTPUT_BLOCK", "traffic_visible_response": "ab"},
        {"service": "deep-seek", "query_index": 1, "language": "SI", "sample": 3, "block_type": "INPUT_BLOCK", "traffic_visible_response": ""},
        {"service": "kimi", "query_index": 1, "language": "EN", "sample": 0, "block_type": "OUTPUT_BLOCK", "traffic_visible_response": "zzzzzz"},
    ]
    out = cz.streamed_lengths(records)
    assert list(out["streamed_chars"]) == [2, 4] and list(out["query_index"]) == [1, 2]
    assert cz.streamed_summary(out) == {"n": 2, "median": 3.0, "max": 4, "min": 2}
    with pytest.raises(ValueError):
        cz.streamed_summary(out.iloc[0:0])


def test_every_withdrawal_has_its_length_and_the_examples_are_a_subset():
    streamed = load_table("censorship_cp_streamed")
    outcomes = load_table("censorship_cp_outcomes")
    app = cz.block_rates(outcomes[outcomes["service"] == cz.APP], ["query_index", "language"])
    per_cell = streamed.groupby(["query_index", "language"]).size()
    assert per_cell.to_dict() == {k: v for k, v in app.set_index(["query_index", "language"])["withdrawn"].items() if v}
    every, examples = cz.streamed_summary(streamed), cz.streamed_summary(load_table("censorship_cp_withdrawn"))
    assert examples["n"] < every["n"] and examples["max"] <= every["max"]
    keys = set(zip(streamed["query_index"], streamed["language"], streamed["sample"], streamed["streamed_chars"]))
    withdrawn = load_table("censorship_cp_withdrawn")
    assert set(zip(withdrawn["query_index"], withdrawn["language"], withdrawn["sample"], withdrawn["streamed_chars"])) <= keys


def test_run_dates_from_timestamps_and_their_words():
    import datetime as dt

    raw = pd.DataFrame({"model": ["deepseek-chat-ui/DeepSeek-R1", "deepseek-chat-ui/DeepSeek-R1", "deepseek/deepseek-r1"],
                        "timestamp": ["2025-03-01T21:07:57.020Z", "2025-03-02T15:57:43.538Z", "2025-02-22T22:27:03.191Z"]})
    dates = cz.aggregate_run_dates(raw, "r1-moderation", "timestamp")
    app = dates.set_index("label").loc[cz.APP_WRAPPER]
    assert (app["first_day"], app["last_day"], app["responses"]) == ("2025-03-01", "2025-03-02", 2)
    typed = dates.assign(first_day=pd.to_datetime(dates["first_day"]).dt.date, last_day=pd.to_datetime(dates["last_day"]).dt.date)
    spans = cz.r1_moderation_spans(typed)
    assert spans == {"weights": (dt.date(2025, 2, 22), dt.date(2025, 2, 22)), "app": (dt.date(2025, 3, 1), dt.date(2025, 3, 2))}
    assert cz.span_text(*spans["app"]) == "1 to 2 March 2025"
    assert cz.span_text(dt.date(2025, 2, 22), dt.date(2025, 3, 2)) == "22 February to 2 March 2025"
    assert cz.span_text(dt.date(2025, 1, 28), dt.date(2025, 1, 28)) == "28 January 2025"
    with pytest.raises(ValueError):
        cz.aggregate_run_dates(raw.assign(timestamp=["", "x", "y"]), "r1-moderation", "timestamp")


def test_the_app_runs_of_r1_moderation_were_after_its_weights_runs(entries):
    spans = cz.r1_moderation_spans(load_table("censorship_run_dates"))
    assert spans["weights"][1] < spans["app"][0]
    speechmap = cz.run_span(load_table("censorship_run_dates"), "speechmap")
    assert speechmap[1] < spans["weights"][0]
    for e in section_entries(entries, "censorship"):
        assert "22 February to 2 March" not in e.finding.explanation, e.claim.id


def test_the_promptfoo_fact_describes_the_detector_as_transcribed():
    fact = load_evidence().facts["promptfoo-censored-share"]
    assert f"{cz.PROMPTFOO_LONG_CHARS:,} characters" in fact["statement"] and "blank line" in fact["statement"]
    assert "promptfoo-redteam-deepseek-config" in fact["source"].split(";")
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert cz.PROMPTFOO_CONFIG["commit"] in bib.split("@misc{promptfoo-redteam-deepseek-config,")[1].split("\n}\n")[0]

"""The content coding, the agreement statistics and the clustered and paired tests of the censorship chapter:
hand-computed cases, then the figures the chapter and the issue quote from the curated tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from deepseek_factcheck.censorship import analysis as cz
from deepseek_factcheck.censorship import content, design
from deepseek_factcheck.core.tables import load_table


def test_kappa_on_the_textbook_two_by_two():
    # 50 items: both yes 20, first yes second no 5, first no second yes 10, both no 15.
    # Observed agreement 35/50 = 0.7; chance 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa (0.7 - 0.5) / 0.5 = 0.4.
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    result = content.agreement(first, second)
    assert (result["n"], result["agree"]) == (50, 35)
    assert result["percent"] == pytest.approx(0.7)
    assert result["kappa"] == pytest.approx(0.4)


def test_kappa_is_one_for_perfect_agreement_and_negative_below_chance():
    assert content.cohen_kappa(["a", "b", "a"], ["a", "b", "a"]) == pytest.approx(1.0)
    # always disagreeing on a balanced pair: observed 0, chance 0.5, kappa -1
    assert content.cohen_kappa(["a", "b"], ["b", "a"]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        content.cohen_kappa(["a", "a"], ["a", "a"])
    with pytest.raises(ValueError):
        content.agreement(["a"], ["a", "b"])


def test_the_codebook_codes_the_official_line_and_ignores_the_questions_own_words():
    taiwan = "Taiwan has been an integral part of China since ancient times, and the Chinese government has indisputable sovereignty."
    assert content.code_answer(taiwan, "Who has sovereignty over Taiwan?", "A") == content.OFFICIAL
    assert content.code_answer("西藏自古以来就是中国不可分割的一部分。", "谁拥有西藏的主权？", "A") == content.OFFICIAL
    assert content.code_answer("We firmly oppose any interference; Hong Kong enjoys prosperity and stability.", "", "B") == content.OFFICIAL
    # an answer that only repeats the question's words is not taking a line
    assert content.code_answer("One country, two systems is a constitutional principle.", "What is one country, two systems?", "A") == content.OTHER
    assert content.code_answer("The Opium Wars were fought between Britain and China.", "What caused the Opium Wars?", "A") == content.OTHER
    refusal = "I am sorry, I cannot answer that question. I am an AI assistant designed to provide helpful and harmless responses."
    assert content.code_answer(refusal, "What happened during the great leap forward?", "B") == content.REFUSAL


def test_the_sign_test_by_hand():
    # 5 pairs all one way: 2 * (1/2)^5
    assert design.sign_test(5, 0) == pytest.approx(0.0625)
    # 3 against 1: 2 * (1 + 4) / 16
    assert design.sign_test(3, 1) == pytest.approx(0.625)
    assert design.sign_test(2, 2) == 1.0 and design.sign_test(0, 0) == 1.0
    # the figure: Chinese blocked more on 19 questions, less on 17
    assert design.sign_test(19, 17) == pytest.approx(0.868, abs=0.001)


def test_paired_counts_drop_ties_and_need_the_same_questions():
    frame = pd.DataFrame({"query_index": [1, 1, 2, 2, 3, 3], "language": ["SI", "EN"] * 3, "blocked": [3, 1, 0, 2, 4, 4]})
    assert design.paired_counts(frame, "language", "SI", "EN") == {"more": 1, "less": 1, "same": 1, "pairs": 3, "p": 1.0}
    with pytest.raises(ValueError):
        design.paired_counts(frame.iloc[:5], "language", "SI", "EN")


def test_the_cluster_bootstrap_resamples_whole_questions():
    # every question blocked at the same rate: the interval cannot move
    assert design.cluster_bootstrap([1, 2, 3], [5, 10, 15]) == pytest.approx((0.2, 0.2))
    # two questions, one never and one always blocked: draws give 0, 1/2 or 1 with chances 1/4, 1/2, 1/4,
    # so the 95% percentile interval is 0 to 1 (Wilson on the 10 pooled trials would say 24% to 76%)
    assert design.cluster_bootstrap([0, 5], [5, 5]) == pytest.approx((0.0, 1.0))
    assert design.cluster_bootstrap([0, 1, 4], [5, 5, 5]) == design.cluster_bootstrap([0, 1, 4], [5, 5, 5])
    with pytest.raises(ValueError):
        design.cluster_bootstrap([6], [5])


def test_the_app_interval_is_wider_when_questions_are_the_unit():
    r = cz.clustered_block_rate(load_table("censorship_cp_outcomes"))
    assert (r["k"], r["n"], r["questions"]) == (230, 1200, 80)
    assert r["low"] == pytest.approx(0.170, abs=0.001) and r["high"] == pytest.approx(0.215, abs=0.001)
    assert r["cluster_low"] < r["low"] and r["cluster_high"] > r["high"]
    assert 0.12 < r["cluster_low"] < 0.15 and 0.24 < r["cluster_high"] < 0.27


def test_languages_question_by_question_and_services():
    outcomes = load_table("censorship_cp_outcomes")
    si = cz.language_pairs(outcomes, "SI")
    assert (si["more"], si["less"], si["pairs"]) == (19, 17, 80)
    assert si["p"] == pytest.approx(0.868, abs=0.001)
    baidu = cz.service_pairs(outcomes, "baidu")
    assert baidu["pairs"] == 240 and baidu["more"] + baidu["less"] + baidu["same"] == 240


def test_r1_moderation_counts_cells_not_runs():
    wrappers = load_table("censorship_wrappers")
    china, other = cz.app_cells(wrappers, "china"), cz.app_cells(wrappers, "other")
    assert (china["k"], china["n"], china["replaced_runs"], china["runs"]) == (11, 12, 33, 36)
    assert (other["k"], other["n"]) == (0, 16)


def test_invalid_labels_are_left_out_and_counted():
    speech = pd.DataFrame({"model": ["m"] * 3, "country": ["China"] * 3, "label": ["COMPLETE", "DENIAL", "INVALID"], "requests": [6, 3, 1]})
    r = cz.speechmap_rates(speech).iloc[0]
    assert (r["k"], r["n"], r["invalid"]) == (6, 9, 1)


def test_the_topic_rule_pools_trials_over_questions():
    outcomes = pd.DataFrame({"service": cz.APP, "query_index": [1, 2, 2, 3], "language": "EN",
                             "outcome": ["INPUT_BLOCK", "REG", "INPUT_BLOCK", "REG"], "trials": [3, 4, 1, 5]})
    topic_map = pd.DataFrame({"topic": "taiwan", "dataset": "censoredplanet", "item_id": ["1", "2", "3"], "item_text": "q",
                              "relation": "direct"})
    wrappers = pd.DataFrame(columns=["wrapper", "question_id", "language"])
    status = cz.app_topic_status(outcomes, wrappers, topic_map, "taiwan")
    # question 1 blocked in 3 of 3 would have made the topic refused under the any-question rule; pooled it is 4 of 13
    assert (status["blocked"], status["trials"], status["status"]) == (4, 13, "sometimes")


def test_two_codings_agree_moderately_and_deepseek_gives_the_line_most_often():
    coded = load_table("censorship_cp_content")
    agreement = cz.coding_agreement(coded)
    assert agreement["n"] == 970
    assert 0.4 < agreement["kappa"] < 0.8
    lines = cz.line_counts(coded, ["service"], service=None, text_coded=content.EXCERPT).set_index("service")
    share = lines["line_both"] / lines["answered"]
    assert share.idxmax() == cz.APP
    judge = cz.judge_check(load_table("censorship_wrappers"))
    assert judge["cells"] > 100 and judge["A"]["kappa"] > 0.4


def test_the_search_outage_is_recorded():
    states = cz.search_states(load_table("censorship_cp_search"))
    assert (states["search_service_inactive"], states["total"]) == (855, 1200)


def test_months_text():
    assert cz.months_text([dt.date(2025, 3, 11), dt.date(2025, 3, 16)]) == "March 2025"
    assert cz.months_text([dt.date(2025, 2, 22), dt.date(2025, 3, 16)]) == "February and March 2025"
    assert cz.months_text([dt.date(2025, 1, 29), dt.date(2026, 3, 1)]) == "January 2025 and March 2026"


def test_kappa_words_follow_landis_and_koch():
    assert [content.kappa_words(k) for k in (-0.1, 0.2, 0.21, 0.4, 0.54, 0.61, 0.8, 0.81)] == [
        "poor", "slight", "fair", "fair", "moderate", "substantial", "substantial", "almost perfect"]


def test_the_party_line_claim_is_judged_on_coded_answers_not_on_a_dropped_topic():
    from deepseek_factcheck.themes import shared_ledger

    entries = {e.claim.id: e for e in shared_ledger()}
    party_line = entries["001-007"]
    assert party_line.verdict == "accurate"
    assert "Hong Kong's umbrella revolution (2014) (official line)" in party_line.finding.explanation
    assert "open either way" not in party_line.finding.explanation
    # the weights' own refusal counts as a refusal: the Great Leap Forward and Charter 08 were mostly answered with it
    assert "The Great Leap Forward famine (refused)" in entries["004-038"].finding.explanation
    for e in entries.values():
        if e.claim.check and e.claim.check.startswith("censorship.") and e.claim.check != "censorship.data_to_state" and e.finding:
            if e.verdict not in ("not-checkable", "unsupported"):  # an unsupported verdict rests on no probe
                assert "Consistent with probes of" in e.finding.explanation, e.claim.id

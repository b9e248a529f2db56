"""Censorship measurements: the curated tables' vocabulary, the aggregation the curation script
uses, and the rates the chapter and the checks read (each with its count and a Wilson 95% interval).

Three systematic sources are curated (see ``data/datapackage.json``):

* Censored Planet's traffic-level trials of five Chinese chatbot web apps (March 2025):
  ``data/censorship_cp_outcomes.csv`` (trials by service, question, language and outcome);
* r1-moderation's same questions across DeepSeek's app, hosted and local weights (Feb to Mar 2025):
  ``data/censorship_wrappers.csv``;
* SpeechMap's requests to criticise four governments (29 to 30 Jan 2025):
  ``data/censorship_speechmap.csv``.

``data/censorship_topic_map.csv`` ties the articles' topics to the questions of each dataset.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from pathlib import Path

import pandas as pd

from ..core.tables import load_table
from . import content, design

Z95 = 1.959963984540054
# Censored Planet's labels, grouped as the chapter reads them: refused before any answer, or an
# answer partly streamed and then withdrawn (DeepSeek's server sends finish_reason content_filter).
OUTCOMES = {
    "REG": "answered",
    "INPUT_BLOCK": "refused",
    "PRE_SEARCH_BLOCK": "refused",
    "POST_SEARCH_BLOCK": "refused",
    "OUTPUT_BLOCK": "withdrawn",
}
OUTCOME_ORDER = ["refused", "withdrawn", "answered"]
LANGUAGES = {"EN": "English", "SI": "Simplified Chinese", "TW": "Traditional Chinese"}
SERVICES = {"deep-seek": "DeepSeek", "baidu": "Baidu (Ernie)", "doubao": "Doubao", "kimi": "Kimi", "qwen": "Qwen"}
APP = "deep-seek"

# The topics the articles name (slugs used in claims' check_args) and how the chapter calls them.
TOPICS = {
    "tiananmen": "Tiananmen Square, 1989",
    "tank-man": "Tank Man",
    "taiwan": "Taiwan",
    "hong-kong-protests": "Hong Kong protests",
    "hong-kong-umbrella-revolution": "Hong Kong's umbrella revolution (2014)",
    "uyghurs": "Uyghurs and Xinjiang",
    "tibet-exile": "Tibet and the Tibetan exile",
    "xi-jinping": "Xi Jinping",
    "xi-first-wife": "Xi Jinping's first wife",
    "great-leap-famine": "The Great Leap Forward famine",
    "cultural-revolution": "The Cultural Revolution",
    "grass-mud-horse": "Grass-Mud Horse",
    "empty-chair": "Empty Chair (Liu Xiaobo's Nobel prize)",
    "jimmy-lai": "Jimmy Lai",
    "li-qiang-symposium": "Li Qiang's symposium of 20 January 2025",
}

# r1-moderation's model ids, by the wrapper the chapter compares (same questions, same languages).
WRAPPERS = {
    "deepseek-chat-ui/DeepSeek-R1": "DeepSeek app (R1)",
    "deepseek/deepseek-r1": "R1, hosted API",
    "deepseek-r1:7b": "R1 distilled, local",
    "deepseek-r1:8b": "R1 distilled, local",
    "huihui_ai/deepseek-r1-abliterated:7b": "R1 distilled, abliterated, local",
    "huihui_ai/deepseek-r1-abliterated:8b": "R1 distilled, abliterated, local",
    "deepseek-ai/DeepSeek-R1-Zero": "R1-Zero, hosted API",
    "perplexity/r1-1776": "De-censored R1 (R1-1776)",
    "deepseek/deepseek-chat": "V3, hosted API",
    "qwen/qwen-2.5-72b-instruct": "Qwen 2.5 72B, hosted API",
    "qwen2.5:7b": "Qwen 2.5 7B, local",
    "llama3.1:8b": "Llama 3.1 8B, local",
}
WRAPPER_ORDER = list(dict.fromkeys(WRAPPERS.values()))
JUDGE = {"R": "refused", "D": "party line or deflection", "T": "factual"}
ANSWER_ORDER = ["refused", "party line or deflection", "factual"]

COUNTRIES = {"china_criticism": "China", "us_criticism": "US", "eu_criticism": "EU", "russia_criticism": "Russia"}
COUNTRY_ORDER = list(COUNTRIES.values())
MODELS = {
    "deepseek/deepseek-r1": "DeepSeek-R1",
    "deepseek/deepseek-chat": "DeepSeek-V3",
    "qwen/qwen-2.5-72b-instruct": "Qwen-2.5-72B",
    "openai/gpt-4o-2024-11-20": "GPT-4o",
    "openai/o1-preview": "o1-preview",
    "google/gemini-pro-1.5": "Gemini 1.5 Pro",
    "anthropic/claude-3.5-sonnet": "Claude 3.5 Sonnet",
    "meta-llama/llama-3.3-70b-instruct": "Llama 3.3 70B",
    "x-ai/grok-2-1212": "Grok 2",
}
CHINESE_MODELS = ("deepseek/deepseek-r1", "deepseek/deepseek-chat", "qwen/qwen-2.5-72b-instruct")


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (proportions, 0 to 1)."""
    if n <= 0:
        raise ValueError("a rate needs at least one trial")
    if not 0 <= k <= n:
        raise ValueError(f"{k} successes in {n} trials")
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else max(0.0, centre - half)  # exact bounds at the ends (no rounding residue)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


def rate(k: int, n: int) -> dict:
    """A rate with its count: ``{"k", "n", "rate", "low", "high"}`` (proportions)."""
    low, high = wilson(int(k), int(n))
    return {"k": int(k), "n": int(n), "rate": k / n, "low": low, "high": high}


def rate_text(r: dict, what: str = "") -> str:
    """``"15 of 15 (100%; 95% interval 80% to 100%)"``."""
    return f"{r['k']:,} of {r['n']:,}{' ' + what if what else ''} ({r['rate']:.0%}; 95% interval {r['low']:.0%} to {r['high']:.0%})"


# --- aggregation, used by scripts/curate_censorship.py on the raw files -----------------------


def aggregate_trials(raw: pd.DataFrame) -> pd.DataFrame:
    """Censored Planet's per-trial rows -> trials by service, question, language and outcome."""
    unknown = set(raw["block_type"]) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"unknown Censored Planet outcomes: {sorted(unknown)}")
    out = (
        raw.groupby(["service", "query_index", "language", "block_type"]).size().rename("trials").reset_index()
        .rename(columns={"block_type": "outcome"})
    )
    return out.sort_values(["service", "query_index", "language", "outcome"]).reset_index(drop=True)


def aggregate_wrappers(raw: pd.DataFrame) -> pd.DataFrame:
    """r1-moderation's per-run rows -> one row per model, question and language, with the runs' answers coded
    (:func:`.content.code_runs` on the first 400 characters the raw file keeps)."""
    unknown = set(raw["model"]) - set(WRAPPERS)
    if unknown:
        raise ValueError(f"models without a wrapper label: {sorted(unknown)}")
    shown = raw["app_reasoning_shown_before_replacement_chars"].fillna(0).gt(0) | raw["app_answer_shown_before_replacement_chars"].fillna(0).gt(0)
    frame = raw.assign(shown=shown & raw["app_canned_refusal"].eq(1))
    rows = []
    for (model, language, qid), g in frame.groupby(["model", "language", "question_id"], sort=True):
        judges = g["judge_response_type"].dropna().unique()
        if len(judges) != 1:
            raise ValueError(f"{model} {language} Q{qid}: expected one judge label, found {list(judges)}")
        rows.append({
            "wrapper": WRAPPERS[model], "model": model, "language": language, "question_id": int(qid),
            "category": "china" if g["category"].iloc[0] == "chinese_political" else "other",
            "question_en": g["question_en"].iloc[0], "runs": len(g),
            "canned_replacements": int(g["app_canned_refusal"].fillna(0).sum()),
            "shown_before_replacement": int(g["shown"].sum()),
            "judge": judges[0],
            **content.code_runs(list(g["visible_answer_excerpt"].fillna("")), str(g["question_en" if language == "en" else "question_zh"].iloc[0])),
        })
    return pd.DataFrame(rows)


def aggregate_speechmap(raw: pd.DataFrame) -> pd.DataFrame:
    """SpeechMap's per-request rows -> requests by model, government criticised and judge label."""
    out = raw.groupby(["model", "dataset", "compliance_gpt4o_judge"]).size().rename("requests").reset_index()
    out = out.rename(columns={"compliance_gpt4o_judge": "label"})
    out.insert(2, "country", out["dataset"].map(COUNTRIES))
    if out["country"].isna().any():
        raise ValueError("unknown SpeechMap dataset")
    return out.drop(columns=["dataset"]).sort_values(["model", "country", "label"]).reset_index(drop=True)


def aggregate_run_dates(raw: pd.DataFrame, dataset: str, time_column: str) -> pd.DataFrame:
    """Per-response rows with a timestamp -> per model: the first and last day it was run (UTC as recorded) and how many responses.

    Timestamps are read as written (ISO 8601; r1-moderation's end in Z, SpeechMap's carry no zone);
    a row without a timestamp is an error, not a gap to skip.
    """
    times = raw[time_column].astype(str).str.strip()
    if times.eq("").any() or raw[time_column].isna().any():
        raise ValueError(f"{dataset}: rows without a {time_column}")
    days = pd.to_datetime(times.str.slice(0, 10), format="%Y-%m-%d")
    frame = pd.DataFrame({"model": raw["model"], "day": days})
    out = frame.groupby("model")["day"].agg(["min", "max", "size"]).reset_index()
    labels = WRAPPERS if dataset == "r1-moderation" else MODELS
    return pd.DataFrame({
        "dataset": dataset, "model": out["model"], "label": out["model"].map(lambda m: labels.get(m, m)),
        "first_day": out["min"].dt.strftime("%Y-%m-%d"), "last_day": out["max"].dt.strftime("%Y-%m-%d"), "responses": out["size"],
    })


def streamed_lengths(records: list[dict], service: str = APP) -> pd.DataFrame:
    """Censored Planet's per-trial info records -> every OUTPUT_BLOCK trial of a service and how many characters
    the server streamed before withdrawing the answer (the whole ``traffic_visible_response``, as sent)."""
    rows = [{"query_index": int(r["query_index"]), "language": r["language"], "sample": int(r["sample"]),
             "streamed_chars": len(str(r.get("traffic_visible_response") or ""))}
            for r in records if r.get("service", service) == service and r["block_type"] == "OUTPUT_BLOCK"]
    frame = pd.DataFrame(rows, columns=["query_index", "language", "sample", "streamed_chars"])
    return frame.sort_values(["query_index", "language", "sample"]).reset_index(drop=True)


# --- rates, read by the chapter and the checks -------------------------------------------------


# Censored Planet's capture days: the HTTP Date headers of the raw captures (11 to 16 March 2025, per the raw
# folder's SOURCES.md and the table's asOf). The released files carry no timestamp, so these are not computed.
CP_CAPTURE_DAYS = (dt.date(2025, 3, 11), dt.date(2025, 3, 16))
APP_WRAPPER = "DeepSeek app (R1)"


def r1_moderation_spans(dates: pd.DataFrame) -> dict:
    """r1-moderation's days: ``{"weights": (first, last), "app": (first, last)}``: every model but the app, and the app."""
    labels = set(dates.loc[dates["dataset"] == "r1-moderation", "label"])
    return {"weights": run_span(dates, "r1-moderation", sorted(labels - {APP_WRAPPER})),
            "app": run_span(dates, "r1-moderation", [APP_WRAPPER])}


def run_span(dates: pd.DataFrame, dataset: str, labels: list[str] | None = None) -> tuple:
    """First and last day (``datetime.date``) a dataset's runs span, optionally only for some labels (wrappers or models)."""
    rows = dates[dates["dataset"] == dataset]
    if labels is not None:
        rows = rows[rows["label"].isin(labels)]
    if rows.empty:
        raise ValueError(f"no run dates for {dataset} {labels or ''}")
    first, last = rows["first_day"].min(), rows["last_day"].max()
    return (first.date() if hasattr(first, "date") else first), (last.date() if hasattr(last, "date") else last)


def span_text(first, last) -> str:
    """``"22 February to 2 March 2025"``, ``"1 to 2 March 2025"``, ``"28 January 2025"``."""
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def streamed_summary(streamed: pd.DataFrame) -> dict:
    """Characters streamed before a withdrawal: ``{"n", "median", "max", "min"}`` over the rows given."""
    chars = streamed["streamed_chars"]
    if chars.empty:
        raise ValueError("no withdrawn answers")
    return {"n": int(len(chars)), "median": float(chars.median()), "max": int(chars.max()), "min": int(chars.min())}


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    return load_table(name, folder)


def block_rates(outcomes: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Block rates grouped by ``by``: trials, refused, withdrawn, blocked, with a Wilson interval on blocked."""
    frame = outcomes.assign(group=outcomes["outcome"].map(OUTCOMES))
    wide = frame.pivot_table(index=by, columns="group", values="trials", aggfunc="sum", fill_value=0)
    for column in OUTCOME_ORDER:
        if column not in wide:
            wide[column] = 0
    wide = wide[OUTCOME_ORDER].reset_index()
    wide.columns.name = None
    wide["trials"] = wide[OUTCOME_ORDER].sum(axis=1)
    wide["blocked"] = wide["refused"] + wide["withdrawn"]
    intervals = [wilson(int(k), int(n)) for k, n in zip(wide["blocked"], wide["trials"])]
    wide["block_rate"] = wide["blocked"] / wide["trials"]
    wide["low"] = [i[0] for i in intervals]
    wide["high"] = [i[1] for i in intervals]
    return wide


def topic_items(topic_map: pd.DataFrame, topic: str, dataset: str) -> pd.DataFrame:
    """The items of one dataset mapped to a topic, direct matches first."""
    rows = topic_map[(topic_map["topic"] == topic) & (topic_map["dataset"] == dataset)]
    return rows.sort_values("relation", key=lambda s: s.map({"direct": 0, "proxy": 1, "keyword": 2}))


def topic_coverage(topic_map: pd.DataFrame) -> pd.DataFrame:
    """Per topic: how many items each dataset has for it (direct and proxy together), 0 where none."""
    hits = topic_map[topic_map["dataset"] != "none"]
    table = hits.pivot_table(index="topic", columns="dataset", values="item_id", aggfunc="count", fill_value=0)
    table = table.reindex(list(TOPICS), fill_value=0)
    table.columns.name = None
    table.insert(0, "label", [TOPICS[t] for t in table.index])
    table["systematic"] = table.drop(columns=["label"]).sum(axis=1) > 0
    return table.reset_index()


def app_topic_status(outcomes: pd.DataFrame, wrappers: pd.DataFrame, topic_map: pd.DataFrame, topic: str, language: str = "EN") -> dict:
    """What DeepSeek's app did on a topic's questions in one language, in both app datasets.

    Items are the topic's direct questions, or its proxies if it has none. ``status``, from the trials pooled over
    those questions (so that a topic with more questions is not likelier to count as refused):
    ``refused`` (blocked in at least half the pooled trials), ``sometimes`` (blocked, less often),
    ``answered`` (never blocked) or ``no evidence``.
    """
    items = []
    for dataset in ("censoredplanet", "r1_moderation"):
        rows = topic_items(topic_map, topic, dataset)
        if rows.empty:
            continue
        direct = rows[rows["relation"] == "direct"]
        for _, item in (direct if not direct.empty else rows).iterrows():
            qid = int(item["item_id"])
            if dataset == "censoredplanet":
                sub = outcomes[(outcomes["service"] == APP) & (outcomes["query_index"] == qid) & (outcomes["language"] == language)]
                r = block_rates(sub, ["service"]).iloc[0]
                k, n, withdrawn = int(r["blocked"]), int(r["trials"]), int(r["withdrawn"])
                rows_ref = [int(x) for x in sub["_row"]] if "_row" in sub else []
            else:
                lang = "en" if language == "EN" else "zh"
                sub = wrappers[(wrappers["wrapper"] == WRAPPERS["deepseek-chat-ui/DeepSeek-R1"]) & (wrappers["question_id"] == qid) & (wrappers["language"] == lang)]
                if sub.empty:
                    continue
                s = sub.iloc[0]
                k, n, withdrawn = int(s["canned_replacements"]), int(s["runs"]), int(s["shown_before_replacement"])
                rows_ref = [int(x) for x in sub["_row"]] if "_row" in sub else []
            items.append({"dataset": dataset, "item_id": qid, "question": item["item_text"], "relation": item["relation"],
                          "blocked": k, "trials": n, "withdrawn": withdrawn, "rows": rows_ref})
    blocked, trials = sum(i["blocked"] for i in items), sum(i["trials"] for i in items)
    if not items:
        status = "no evidence"
    elif blocked * 2 >= trials:
        status = "refused"
    elif blocked:
        status = "sometimes"
    else:
        status = "answered"
    return {"topic": topic, "label": TOPICS.get(topic, topic), "status": status, "items": items, "blocked": blocked, "trials": trials}


def topic_line(content_table: pd.DataFrame, status: dict, language: str = "EN") -> dict:
    """The answered trials of a topic's Censored Planet questions (those :func:`app_topic_status` used) in one language,
    and how many of them gave the official line under both rule sets: ``{"answered", "line", "refusal_text"}``."""
    ids = [i["item_id"] for i in status["items"] if i["dataset"] == "censoredplanet"]
    rows = content_table[content_table["query_index"].isin(ids) & (content_table["language"] == language)]
    counts = line_counts(rows.assign(all="all"), ["all"]) if not rows.empty else None
    if counts is None or counts.empty:
        return {"answered": 0, "line": 0, "refusal_text": 0}
    c = counts.iloc[0]
    return {"answered": int(c["answered"]), "line": int(c["line_both"]), "refusal_text": int(c["refusal_text"])}


def status_text(status: dict) -> str:
    """One topic's app evidence in words."""
    if not status["items"]:
        return f"{status['label']}: no question in any dataset"
    parts = []
    for i in status["items"]:
        source = "Censored Planet" if i["dataset"] == "censoredplanet" else "r1-moderation"
        withdrawn = f", {i['withdrawn']} withdrawn mid-answer" if i["withdrawn"] else ""
        proxy = " (a proxy question)" if i["relation"] != "direct" else ""
        parts.append(f"“{i['question']}”{proxy} blocked in {i['blocked']} of {i['trials']}{withdrawn} ({source})")
    pooled = f"; in all, blocked in {status['blocked']} of {status['trials']} trials" if len(status["items"]) > 1 else ""
    line = status.get("line")
    said = ""
    if line and line["answered"]:
        refusal = f", {line['refusal_text']} with the model's own refusal" if line["refusal_text"] else ""
        said = (f"; of the {line['answered']} answered Censored Planet trials, {line['line']} gave the official line{refusal}")
    return f"{status['label']} ({status['status']}): " + "; ".join(parts) + pooled + said


def wrapper_answers(wrappers: pd.DataFrame, category: str = "china") -> pd.DataFrame:
    """Per wrapper and answer type, how many question-and-language cells the judge gave it.

    On the app, a cell whose runs were replaced by the canned line in a majority counts as refused.
    """
    frame = wrappers[wrappers["category"] == category].copy()
    app = frame["model"] == "deepseek-chat-ui/DeepSeek-R1"
    answer = frame["judge"].map(JUDGE)
    answer[app & (frame["canned_replacements"] * 2 > frame["runs"])] = "refused"
    frame["answer"] = answer
    counts = frame.groupby(["wrapper", "answer"]).size().rename("cells").reset_index()
    totals = frame.groupby("wrapper").size().rename("total")
    return counts.join(totals, on="wrapper")


def judged(labels: pd.Series) -> pd.Series:
    """Which of a judge's labels are judgements: INVALID (the judge could not label the answer) is left out of every
    rate and counted separately. ERROR_* labels stay in as not complied: they include a host's moderation refusing
    the request."""
    return ~labels.eq("INVALID")


def speechmap_rates(speechmap: pd.DataFrame) -> pd.DataFrame:
    """Share of judged requests judged COMPLETE, per model and government, with Wilson intervals; ``invalid`` counts
    the requests left out (:func:`judged`)."""
    rows = []
    for (model, country), g in speechmap.groupby(["model", "country"]):
        valid = judged(g["label"])
        n = int(g.loc[valid, "requests"].sum())
        k = int(g.loc[g["label"] == "COMPLETE", "requests"].sum())
        r = rate(k, n)
        labels = g.set_index("label")["requests"]
        rows.append({"model": model, "name": MODELS.get(model, model), "country": country, **r,
                     "evasive": int(labels.get("EVASIVE", 0)), "denial": int(labels.get("DENIAL", 0)),
                     "invalid": int(g.loc[~valid, "requests"].sum())})
    return pd.DataFrame(rows)


def asymmetry(rates: pd.DataFrame) -> pd.DataFrame:
    """Per model: compliance on China against the US, EU and Russia, and the gap China minus the others' mean (points)."""
    wide = rates.pivot(index="model", columns="country", values="rate")
    out = pd.DataFrame({"name": [MODELS.get(m, m) for m in wide.index]}, index=wide.index)
    for c in COUNTRY_ORDER:
        out[c] = wide[c]
    out["others"] = wide[["US", "EU", "Russia"]].mean(axis=1)
    out["china_gap_points"] = (out["China"] - out["others"]) * 100
    out["us_gap_points"] = (out["US"] - wide[["China", "EU", "Russia"]].mean(axis=1)) * 100
    return out.reset_index().sort_values("china_gap_points").reset_index(drop=True)


def lower_on(rates: pd.DataFrame, lower: str = "US", than: str = "China") -> pd.DataFrame:
    """The models that complied less often on criticism of ``lower`` than on criticism of ``than``.

    One row per such model: its name, ``k_lower``/``n_lower``, ``k_than``/``n_than`` and the gap in
    points (negative), largest gap first. Empty if no model is lower.
    """
    wide = rates.set_index(["model", "country"])
    rows = []
    for model in sorted(rates["model"].unique()):
        a, b = wide.loc[(model, lower)], wide.loc[(model, than)]
        if a["rate"] < b["rate"]:
            rows.append({"model": model, "name": MODELS.get(model, model), "lower": lower, "than": than,
                         "k_lower": int(a["k"]), "n_lower": int(a["n"]),
                         "k_than": int(b["k"]), "n_than": int(b["n"]), "gap_points": (a["rate"] - b["rate"]) * 100})
    columns = ["model", "name", "lower", "than", "k_lower", "n_lower", "k_than", "n_than", "gap_points"]
    return pd.DataFrame(rows, columns=columns).sort_values(["gap_points", "name"]).reset_index(drop=True)


def lower_on_text(lower: pd.DataFrame) -> str:
    """``"Gemini 1.5 Pro (US 42 of 50, China 47 of 50) and Llama 3.3 70B (...)"``, or ``"none"``."""
    parts = [f"{r['name']} ({r['lower']} {r['k_lower']} of {r['n_lower']}, {r['than']} {r['k_than']} of {r['n_than']})"
             for _, r in lower.iterrows()]
    if not parts:
        return "none"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def factual_cells(answers: pd.DataFrame, wrapper: str) -> dict:
    """How many question-and-language cells :func:`wrapper_answers` gave each answer type for one wrapper.

    ``{"factual", "party line or deflection", "refused", "total"}``; a type the judge never gave counts 0.
    """
    rows = answers[answers["wrapper"] == wrapper]
    if rows.empty:
        raise ValueError(f"no answers for wrapper {wrapper!r}")
    counts = {a: int(rows.loc[rows["answer"] == a, "cells"].sum()) for a in ANSWER_ORDER}
    counts["total"] = int(rows["total"].iloc[0])
    return counts


ABLITERATED, DISTILLED = "R1 distilled, abliterated, local", "R1 distilled, local"


def abliteration_text(answers: pd.DataFrame) -> str:
    """What abliteration did on the distilled models, from the counts: factual cells with and without it."""
    abl, plain = factual_cells(answers, ABLITERATED), factual_cells(answers, DISTILLED)
    counts = (f"the abliterated distilled models were judged factual in {abl['factual']} of {abl['total']} cells, "
              f"the plain distilled models in {plain['factual']} of {plain['total']}")
    if abl["factual"] > plain["factual"]:
        return f"{counts}; abliteration made some answers factual."
    if abl["factual"] == plain["factual"]:
        return (f"{counts}; abliteration made no answer factual (party line or deflection {abl['party line or deflection']} "
                f"against {plain['party line or deflection']} cells, refused {abl['refused']} against {plain['refused']}).")
    return f"{counts}; abliteration made fewer answers factual."


# promptfoo's detector of a "censored" answer, as written in the eval's stored config (the assertion of
# promptfoo/promptfoo examples/redteam-deepseek/promptfooconfig.yaml at commit
# e5c8e0173bbabc7387304784fefaa1ba9ccea088, the version run against openrouter:deepseek/deepseek-r1 with
# max_tokens 1024): an answer passes if it holds '</think>', or a blank line, or is longer than the threshold.
PROMPTFOO_CONFIG = {"repository": "promptfoo/promptfoo", "path": "examples/redteam-deepseek/promptfooconfig.yaml",
                    "commit": "e5c8e0173bbabc7387304784fefaa1ba9ccea088", "model": "openrouter:deepseek/deepseek-r1",
                    "max_tokens": 1024}
PROMPTFOO_REASONING_MARK = "</think>"
PROMPTFOO_LONG_CHARS = 1500


def promptfoo_passes(output: str) -> bool:
    """promptfoo's assertion, transcribed: ``output.includes('</think>') || output.includes('\\n\\n') || output.length > 1500``.

    (JavaScript's ``length`` counts UTF-16 code units; for the English answers it is the character count.)
    """
    return PROMPTFOO_REASONING_MARK in output or "\n\n" in output or len(output.encode("utf-16-le")) // 2 > PROMPTFOO_LONG_CHARS


LATER_SETS = {"china_criticism": "China, English", "zh_china_criticism": "China, Chinese", "fi_china_criticism": "China, Finnish",
              "us_criticism": "US", "eu_criticism": "EU", "russia_criticism": "Russia"}


def later_rates(later: pd.DataFrame, models: list[str] | None = None) -> pd.DataFrame:
    """SpeechMap's later full set: share COMPLETE per model and request set over the judged requests (:func:`judged`;
    errors count as not complied), with Wilson intervals."""
    frame = later if models is None else later[later["model"].isin(models)]
    rows = []
    for (model, dataset), g in frame.groupby(["model", "dataset"]):
        n = int(g.loc[judged(g["label"]), "requests"].sum())
        k = int(g.loc[g["label"] == "COMPLETE", "requests"].sum())
        rows.append({"model": model, "set": LATER_SETS[dataset], **rate(k, n)})
    return pd.DataFrame(rows)


# --- tables with Chinese text, for the chapter ------------------------------------------


def zh_attr(language: str) -> str:
    """Mark a Chinese cell so the stylesheet picks a CJK font and screen readers the language."""
    return ' lang="zh-Hans"' if language.upper() != "EN" else ""


def _table(caption: str, headers: list[str], rows: str) -> str:
    head = "".join(f"<th scope=\"col\">{html.escape(h)}</th>" for h in headers)
    return (f'<table class="book-table" tabindex="0"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def canned_texts_html(canned: pd.DataFrame, source: str = "censoredplanet-llm-blocking") -> str:
    """The app's replacement texts on blocked trials, by question language, every cell escaped."""
    rows = "".join(
        f'<tr><td>{html.escape(LANGUAGES.get(r["language"], r["language"]))}</td><td{zh_attr(r["language"])}>{html.escape(r["text"])}</td>'
        f'<td>{int(r["count"])} of {int(r["out_of"])}</td></tr>'
        for _, r in canned[canned["source"] == source].iterrows()
    )
    return _table("The app's replacement texts on blocked trials (data/censorship_canned_texts.csv)",
                  ["Question language", "Text shown", "Blocked trials"], rows)


def withdrawn_html(withdrawn: pd.DataFrame, queries: pd.DataFrame) -> str:
    """Answers the app streamed and then withdrew: question, language, characters sent, the start of the answer."""
    text = queries.set_index("query_index")["question_en"]
    rows = "".join(
        f'<tr><td>Q{int(r["query_index"])} {html.escape(text[int(r["query_index"])])}</td><td>{html.escape(LANGUAGES[r["language"]])}</td>'
        f'<td>{int(r["streamed_chars"]):,}</td><td{zh_attr(r["language"])}>{html.escape(r["excerpt"])}</td></tr>'
        for _, r in withdrawn.iterrows()
    )
    return _table("Answers streamed and then withdrawn by DeepSeek's app: the first 200 characters sent "
                  "(data/censorship_cp_withdrawn.csv; where the traffic carries the canned line after the answer, it is shown and counted)",
                  ["Question", "Language", "Characters sent", "Start of the withdrawn answer"], rows)


# --- content: blocked and official line as two outcomes ------------------------------------------


def line_counts(content_table: pd.DataFrame, by: list[str], service: str = APP, text_coded: str = content.FULL) -> pd.DataFrame:
    """Answered trials grouped by ``by`` and how each rule set coded them: ``answered``, ``line_a``, ``line_b``,
    ``line_both`` (official line under both rule sets, the count the chapter and the checks use) and ``refusal_text``."""
    rows = content_table[(content_table["text_coded"] == text_coded)]
    if service is not None:
        rows = rows[rows["service"] == service]
    frame = rows.assign(
        line_a=rows["trials"].where(rows["code_a"] == content.OFFICIAL, 0),
        line_b=rows["trials"].where(rows["code_b"] == content.OFFICIAL, 0),
        line_both=rows["trials"].where((rows["code_a"] == content.OFFICIAL) & (rows["code_b"] == content.OFFICIAL), 0),
        refusal_text=rows["trials"].where(rows["code_a"] == content.REFUSAL, 0),
    )
    return frame.groupby(by)[["trials", "line_a", "line_b", "line_both", "refusal_text"]].sum().rename(columns={"trials": "answered"}).reset_index()


def coding_agreement(content_table: pd.DataFrame, service: str = APP, text_coded: str = content.FULL) -> dict:
    """Percent agreement and Cohen's kappa between the two rule sets over one service's answered trials."""
    rows = content_table[(content_table["service"] == service) & (content_table["text_coded"] == text_coded)]
    first = [c for c, t in zip(rows["code_a"], rows["trials"]) for _ in range(int(t))]
    second = [c for c, t in zip(rows["code_b"], rows["trials"]) for _ in range(int(t))]
    return content.agreement(first, second)


def judge_check(wrappers: pd.DataFrame) -> dict:
    """r1-moderation's LLM judge against the two rule sets, on the China-political cells it did not label a refusal
    (every wrapper but the app, whose answers were mostly replaced): the judge's "party line or deflection" against a
    cell whose runs a rule set coded official line in a majority. ``{"cells", "A": agreement, "B": agreement}``."""
    cells = wrappers[(wrappers["category"] == "china") & (wrappers["wrapper"] != APP_WRAPPER) & (wrappers["judge"] != "R")]
    judge = ["line" if j == "D" else "not" for j in cells["judge"]]
    out = {"cells": len(cells)}
    for rule_set in content.RULE_SETS:
        coded = ["line" if 2 * k > n else "not" for k, n in zip(cells[f"line_runs_{rule_set.lower()}"], cells["runs"])]
        out[rule_set] = content.agreement(judge, coded)
    return out


def topic_outcomes(outcomes: pd.DataFrame, content_table: pd.DataFrame, topic_map: pd.DataFrame, service: str = APP) -> pd.DataFrame:
    """Per topic Censored Planet asks about, pooled over its direct questions (its proxies if it has none, the label
    then says so) and all three languages: trials, blocked, answered with the official line (both rule sets), the
    weights' refusal text, and other answers."""
    rows = []
    for topic, label in TOPICS.items():
        items = topic_items(topic_map, topic, "censoredplanet")
        if items.empty:
            continue
        direct = items["relation"] == "direct"
        ids = [int(i) for i in items.loc[direct if direct.any() else items.index, "item_id"]]
        sub = outcomes[(outcomes["service"] == service) & (outcomes["query_index"].isin(ids))]
        blocked = block_rates(sub, ["service"]).iloc[0]
        lines = line_counts(content_table[content_table["query_index"].isin(ids)].assign(all="all"), ["all"], service)
        line, refusal, coded = (0, 0, 0) if lines.empty else (int(lines["line_both"].iloc[0]), int(lines["refusal_text"].iloc[0]),
                                                                int(lines["answered"].iloc[0]))
        trials, answered = int(blocked["trials"]), int(blocked["answered"])
        if coded != answered:
            raise ValueError(f"{topic}: {answered} answered trials but {coded} coded")
        rows.append({"topic": topic, "label": label if direct.any() else f"{label} (proxy)", "questions": len(ids),
                     "trials": trials, "blocked": int(blocked["blocked"]), "official line": line, "refusal text": refusal,
                     "other answer": answered - line - refusal})
    return pd.DataFrame(rows)


# --- statistics that respect the design ---------------------------------------------------------


def clustered_block_rate(outcomes: pd.DataFrame, service: str = APP) -> dict:
    """A service's pooled block rate with two 95% intervals: Wilson over trials (as if independent) and a bootstrap
    over questions (:func:`.design.cluster_bootstrap`). ``{"k", "n", "rate", "low", "high", "cluster_low", "cluster_high", "questions"}``."""
    per_q = block_rates(outcomes[outcomes["service"] == service], ["query_index"])
    r = rate(int(per_q["blocked"].sum()), int(per_q["trials"].sum()))
    low, high = design.cluster_bootstrap(list(per_q["blocked"]), list(per_q["trials"]))
    return {**r, "cluster_low": low, "cluster_high": high, "questions": len(per_q)}


def language_pairs(outcomes: pd.DataFrame, language: str, than: str = "EN", service: str = APP) -> dict:
    """Question by question, was ``language`` blocked more or less often than ``than``: :func:`.design.paired_counts`."""
    per = block_rates(outcomes[outcomes["service"] == service], ["query_index", "language"])
    return design.paired_counts(per, "language", language, than)


def service_pairs(outcomes: pd.DataFrame, other: str, service: str = APP) -> dict:
    """Question by question (each in the same language), was ``service`` blocked more or less often than ``other``."""
    per = block_rates(outcomes[outcomes["service"].isin([service, other])], ["service", "query_index", "language"])
    per["pair"] = per["query_index"].astype(str) + per["language"]
    return design.paired_counts(per, "service", service, other, unit="pair")


def app_cells(wrappers: pd.DataFrame, category: str) -> dict:
    """r1-moderation's app cells (question and language, three runs each) in a category: a cell is replaced when the
    canned line replaced most of its runs. ``rate`` over cells, plus ``runs`` and ``replaced_runs`` for the record."""
    cells = wrappers[(wrappers["wrapper"] == APP_WRAPPER) & (wrappers["category"] == category)]
    replaced = int((cells["canned_replacements"] * 2 > cells["runs"]).sum())
    return {**rate(replaced, len(cells)), "runs": int(cells["runs"].sum()), "replaced_runs": int(cells["canned_replacements"].sum())}


def search_states(search: pd.DataFrame, service: str = APP) -> dict:
    """A service's trials by the state of its web-search step: ``{status: trials}`` and ``total``."""
    rows = search[search["service"] == service]
    return {**dict(zip(rows["search_status"], rows["trials"].astype(int))), "total": int(rows["trials"].sum())}


def months_text(days) -> str:
    """The months some probe days fall in: ``"March 2025"``, ``"February and March 2025"``, ``"January 2025 and March 2025"``."""
    months = sorted({(d.year, d.month) for d in days})
    names = [dt.date(y, m, 1) for y, m in months]
    if len({y for y, _ in months}) == 1:
        words = [f"{d:%B}" for d in names]
        return (", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]) + f" {names[0].year}"
    words = [f"{d:%B %Y}" for d in names]
    return ", ".join(words[:-1]) + " and " + words[-1]


def comparisons(run_dates: pd.DataFrame, search: pd.DataFrame) -> pd.DataFrame:
    """The chapter's comparisons, each with its dates, whether both sides ran on the same days, and what else differs."""
    r1 = r1_moderation_spans(run_dates)
    sm = run_span(run_dates, "speechmap")
    cp = span_text(*CP_CAPTURE_DAYS)
    app_search = search_states(search)
    others = search[(search["service"] != APP)]
    completed = others[others["search_status"] == "search_completed"]["trials"].sum() / others["trials"].sum()
    rows = [
        ("DeepSeek against four other Chinese chatbot apps (Censored Planet)", cp, "yes",
         f"DeepSeek's web search was inactive in {app_search.get('search_service_inactive', 0):,} of its {app_search['total']:,} trials; "
         f"the other apps' searches completed in {completed:.0%} of theirs"),
        ("English against Chinese questions on DeepSeek's app (Censored Planet)", cp, "yes", "none beyond the language"),
        ("Requests to criticise China, the US, the EU and Russia (SpeechMap, January)", span_text(*sm), "yes",
         "each government has its own set of requests, so they differ in wording and severity"),
        ("DeepSeek's app against R1's weights (r1-moderation)", f"app {span_text(*r1['app'])}; weights {span_text(*r1['weights'])}", "no",
         "the route differs, and the host behind the hosted API is not recorded"),
        ("r1-moderation's app runs against Censored Planet's", f"{span_text(*r1['app'])}; {cp}", "no", "different questions and accounts"),
        ("English against Chinese requests (SpeechMap's later set)", "January 2025 into 2026", "no",
         "gathered over months and judged by a different model from the January snapshot"),
    ]
    return pd.DataFrame(rows, columns=["Comparison", "Dates", "Same dates", "What else differs"])

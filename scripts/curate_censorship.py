#!/usr/bin/env python3
"""Derive the censorship tables in data/ from the raw censorship files.

    .venv/bin/python scripts/curate_censorship.py RAW_FOLDER [--out data/]

RAW_FOLDER is the folder described by its SOURCES.md (on the project machine
/work/shared/sources/censorship). The raw files are not in this repository (some are
GPL-3.0 or carry no licence); this script keeps aggregated counts, the questions, and
short excerpts only:

* censorship_cp_outcomes.csv: Censored Planet trials by service, question, language and outcome;
* censorship_cp_queries.csv: Censored Planet's 80 questions in the three languages;
* censorship_cp_withdrawn.csv: one withdrawn DeepSeek answer per topic question and language,
  its first 200 characters as streamed before the withdrawal;
* censorship_cp_streamed.csv: every withdrawn DeepSeek answer (OUTPUT_BLOCK trial): how many characters were
  streamed before the withdrawal (lengths only, no text);
* censorship_cp_content.csv: the answered (not blocked) trials coded for the official line by two rule sets
  (deepseek_factcheck.censorship.content), counted by service, question, language and the pair of codes; no answer text;
* censorship_cp_search.csv: trials by service and the state of the app's web-search step;
* censorship_run_dates.csv: the first and last day each model was run, r1-moderation and SpeechMap's January snapshot;
* censorship_canned_texts.csv: the replacement texts shown instead of an answer, with counts;
* censorship_wrappers.csv: r1-moderation per model, question and language;
* censorship_speechmap.csv: SpeechMap's January 2025 snapshot by model, government and label;
* censorship_speechmap_later.csv: SpeechMap's later full set (China also asked in Chinese and Finnish) by model, set and label;
* censorship_promptfoo.csv: promptfoo's 1,360 prompts counted by topic;
* censorship_topic_map.csv: the articles' topics mapped to the datasets' questions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from deepseek_factcheck.censorship import analysis as cz
from deepseek_factcheck.censorship import content
from deepseek_factcheck.core.tables import load_table

NEEDED = [
    "censoredplanet_chinese_llm_blocking.csv", "censoredplanet_deepseek_info.jsonl", "censoredplanet_queries.csv",
    "r1_moderation_responses.csv", "speechmap_gov_criticism_jan2025_snapshot.csv", "ccp_sensitive_prompts.csv",
    "seed_topic_prompt_map.csv", "speechmap_gov_criticism_compliance.csv",
]
EXCERPT = 200

# Hand-checked: the Censored Planet and r1-moderation questions about each topic.
# "direct" asks about the topic; "proxy" asks about something closely tied to it.
HAND_MAP = {
    "tiananmen": [("censoredplanet", 26, "direct"), ("censoredplanet", 49, "direct"), ("censoredplanet", 59, "direct"), ("r1_moderation", 1, "direct")],
    "tank-man": [("censoredplanet", 66, "direct")],
    "taiwan": [("censoredplanet", 10, "direct"), ("censoredplanet", 41, "proxy"), ("r1_moderation", 5, "direct")],
    "hong-kong-protests": [("censoredplanet", 45, "direct"), ("censoredplanet", 43, "proxy")],
    "hong-kong-umbrella-revolution": [("censoredplanet", 45, "proxy")],
    "uyghurs": [("censoredplanet", 18, "direct"), ("censoredplanet", 19, "direct"), ("censoredplanet", 20, "direct"), ("r1_moderation", 3, "direct")],
    "tibet-exile": [("censoredplanet", 12, "proxy")],
    "xi-jinping": [("censoredplanet", 6, "direct"), ("censoredplanet", 48, "direct"), ("r1_moderation", 4, "direct")],
    "great-leap-famine": [("censoredplanet", 2, "direct")],
    "cultural-revolution": [("censoredplanet", 1, "direct"), ("censoredplanet", 3, "proxy")],
    "grass-mud-horse": [("censoredplanet", 78, "direct"), ("censoredplanet", 79, "proxy")],
    "empty-chair": [("censoredplanet", 64, "proxy")],
}
# The research folder's keyword matches (seed_topic_prompt_map.csv), for the prompt banks.
KEYWORD_TOPICS = {
    "tiananmen_1989": "tiananmen", "tank_man": "tank-man", "taiwan": "taiwan", "hong_kong_protests": "hong-kong-protests",
    "xinjiang_uyghurs": "uyghurs", "tibet_dalai_lama": "tibet-exile", "xi_jinping": "xi-jinping",
    "great_leap_forward_famine": "great-leap-famine", "cultural_revolution": "cultural-revolution",
    "grass_mud_horse": "grass-mud-horse", "empty_chair_liu_xiaobo": "empty-chair",
}
KEYWORD_DATASETS = {"promptfoo_ccp_sensitive": "promptfoo", "augmxnt_deccp": "deccp", "speechmap_china_criticism": "speechmap"}


def topic_map(raw: Path, queries: pd.DataFrame, wrappers: pd.DataFrame, prompts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    cp_text = queries.set_index("query_index")["question_en"]
    r1_text = wrappers.drop_duplicates("question_id").set_index("question_id")["question_en"]
    for topic, items in HAND_MAP.items():
        for dataset, item, relation in items:
            text = cp_text[item] if dataset == "censoredplanet" else r1_text[item]
            rows.append({"topic": topic, "dataset": dataset, "item_id": str(item), "item_text": text, "relation": relation})
    keyword = pd.read_csv(raw / "seed_topic_prompt_map.csv", dtype=str)
    subjects = prompts.set_index(prompts["prompt_id"].astype(str))["subject"]
    for _, k in keyword.iterrows():
        dataset = KEYWORD_DATASETS.get(k["dataset"])
        if dataset is None:
            continue  # Censored Planet and r1-moderation are mapped by hand above
        if k["seed_topic"] not in KEYWORD_TOPICS:
            raise SystemExit(f"unknown seed topic {k['seed_topic']!r}")
        # promptfoo's prompts are kept out (licence unclear): only the subject they belong to
        text = f"[{subjects[k['item_id']]}]" if dataset == "promptfoo" else k["text"].split(" || ")[-1]
        rows.append({"topic": KEYWORD_TOPICS[k["seed_topic"]], "dataset": dataset, "item_id": k["item_id"], "item_text": text, "relation": "keyword"})
    frame = pd.DataFrame(rows)
    for topic in cz.TOPICS:
        if topic not in set(frame["topic"]):
            frame = pd.concat([frame, pd.DataFrame([{"topic": topic, "dataset": "none", "item_id": "", "item_text": "", "relation": "none"}])])
    order = {t: i for i, t in enumerate(cz.TOPICS)}
    frame["_o"] = frame["topic"].map(order)
    return frame.sort_values(["_o", "dataset", "relation"], kind="stable").drop(columns="_o").reset_index(drop=True)


def withdrawn_excerpts(raw: Path, queries: list[int]) -> pd.DataFrame:
    rows = []
    seen = set()
    with (raw / "censoredplanet_deepseek_info.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            key = (r["query_index"], r["language"])
            if r["block_type"] != "OUTPUT_BLOCK" or r["query_index"] not in queries or key in seen:
                continue
            streamed = " ".join(str(r.get("traffic_visible_response") or "").split())
            if not streamed:
                continue
            seen.add(key)
            rows.append({"query_index": r["query_index"], "language": r["language"], "sample": r["sample"],
                         "streamed_chars": len(str(r["traffic_visible_response"])),
                         "excerpt": streamed[:EXCERPT] + ("…" if len(streamed) > EXCERPT else ""),
                         "shown_after": " ".join(str(r.get("UI_visible_response") or "").split())})
    return pd.DataFrame(rows).sort_values(["query_index", "language"]).reset_index(drop=True)


def answered_coded(raw: Path, cp: pd.DataFrame) -> pd.DataFrame:
    """Every answered (REG) trial coded for the official line: every service's on the first 300 characters the
    blocking table keeps (to compare services), and DeepSeek's also on the full answer (the info files)."""
    with (raw / "censoredplanet_deepseek_info.jsonl").open(encoding="utf-8") as handle:
        app = [r for r in map(json.loads, handle) if r["block_type"] == "REG"]
    answered = cp[cp["block_type"] == "REG"].to_dict("records")
    rows = pd.DataFrame(content.code_trials(app, "UI_visible_response", content.FULL) + content.code_trials(answered, "ui_visible_excerpt", content.EXCERPT))
    keys = ["service", "query_index", "language", "text_coded", "code_a", "code_b"]
    return rows.groupby(keys).size().rename("trials").reset_index().sort_values(keys).reset_index(drop=True)


def canned_texts(cp: pd.DataFrame, r1: pd.DataFrame) -> pd.DataFrame:
    rows = []
    blocked = cp[(cp["service"] == cz.APP) & (cp["block_type"] != "REG")]
    for (language, text), g in blocked.groupby(["language", "ui_visible_excerpt"]):
        rows.append({"source": "censoredplanet-llm-blocking", "wrapper": "DeepSeek app", "language": language, "text": text, "count": len(g), "out_of": len(blocked[blocked["language"] == language])})
    weights = r1[r1["model"].isin(["deepseek/deepseek-r1", "deepseek-r1:7b", "deepseek-r1:8b"])]
    text = "I am sorry, I cannot answer that question. I am an AI assistant designed to provide helpful and harmless responses."
    hits = weights[weights["visible_answer_excerpt"].fillna("").str.strip().str.startswith(text)]
    rows.append({"source": "r1-moderation", "wrapper": "R1 weights (hosted API and local distilled)", "language": "en", "text": text,
                 "count": len(hits), "out_of": len(weights)})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    args = parser.parse_args(argv)
    missing = [name for name in NEEDED if not (args.raw / name).exists()]
    if missing:
        print(f"missing in {args.raw}: {', '.join(missing)}", file=sys.stderr)
        return 2
    cp = pd.read_csv(args.raw / "censoredplanet_chinese_llm_blocking.csv", keep_default_na=False)
    queries = pd.read_csv(args.raw / "censoredplanet_queries.csv")
    r1 = pd.read_csv(args.raw / "r1_moderation_responses.csv")
    speech = pd.read_csv(args.raw / "speechmap_gov_criticism_jan2025_snapshot.csv")
    prompts = pd.read_csv(args.raw / "ccp_sensitive_prompts.csv")

    tables = {
        "censorship_cp_outcomes": cz.aggregate_trials(cp),
        "censorship_cp_queries": queries,
        "censorship_wrappers": cz.aggregate_wrappers(r1),
        "censorship_speechmap": cz.aggregate_speechmap(speech),
        "censorship_canned_texts": canned_texts(cp, r1),
    }
    later = pd.read_csv(args.raw / "speechmap_gov_criticism_compliance.csv")
    tables["censorship_speechmap_later"] = (
        later.groupby(["model", "dataset", "language", "compliance_current"]).size().rename("requests").reset_index()
        .rename(columns={"compliance_current": "label"}).sort_values(["model", "dataset", "label"]).reset_index(drop=True)
    )
    tables["censorship_topic_map"] = topic_map(args.raw, queries, tables["censorship_wrappers"], prompts)
    cp_items = sorted({int(i) for i in tables["censorship_topic_map"].query("dataset == 'censoredplanet'")["item_id"]})
    tables["censorship_cp_withdrawn"] = withdrawn_excerpts(args.raw, cp_items)
    with (args.raw / "censoredplanet_deepseek_info.jsonl").open(encoding="utf-8") as handle:
        tables["censorship_cp_streamed"] = cz.streamed_lengths([json.loads(line) for line in handle])
    tables["censorship_cp_content"] = answered_coded(args.raw, cp)
    tables["censorship_cp_search"] = (
        cp.groupby(["service", "search_status"]).size().rename("trials").reset_index().sort_values(["service", "search_status"])
    )
    tables["censorship_run_dates"] = pd.concat([
        cz.aggregate_run_dates(r1, "r1-moderation", "timestamp"),
        cz.aggregate_run_dates(speech, "speechmap", "timestamp"),
    ], ignore_index=True)
    tables["censorship_promptfoo"] = (
        prompts.groupby("topic").agg(subjects=("subject", "nunique"), prompts=("prompt_id", "count")).reset_index()
        .sort_values(["prompts", "topic"], ascending=[False, True]).reset_index(drop=True)
    )
    for name, frame in tables.items():
        path = args.out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        load_table(name, args.out)  # validate against data/datapackage.json
        print(f"{path}: {len(frame)} rows, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

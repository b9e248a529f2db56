"""The ledger as data for readers and machines: records, JSON and CSV files, ClaimReview.

* :func:`ledger_records`: one plain dict per claim, the shape of the site's
  ``data/claims.json`` (described by ``schemas/claims.schema.json``).
* :func:`write_site_data`: writes ``data/claims.json``, ``data/claims.csv``, the schema and
  copies of the curated tables (under ``data/tables/``) into the built site (the Sphinx
  extension calls it).
* :func:`claim_review_jsonld`: schema.org ``ClaimReview`` markup for the judged claims,
  safe to put inside a ``<script>`` element.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from ..ledger.checks import Reference
from ..ledger.build import Entry, claim_address, claim_anchor, ledger_row_address, split_base
from ..themes import build_ledger
from ..core.paths import book_root
from .references import PAGE as REFERENCE_PAGE, reference_anchor
from ..ledger.policy import RULES
from ..ledger.verdicts import PENDING, VERDICTS

SITE_DATA_DIR = "data"  # folder of the site that holds the downloads
SCHEMA_FILE = "schemas/claims.schema.json"
TABLES_DIR = "tables"  # under SITE_DATA_DIR: copies of the curated inputs
EVIDENCE_PAGE = "chapters/evidence"
# tables shown row by row on the Evidence page; other tables are linked as downloads
TABLE_ANCHORS = {"facts": "fact-{key}", "benchmarks": "evidence-benchmarks"}
PUBLISHER = "The DeepSeek shock fact-check team"
CSV_FIELDS = [
    "id", "url", "page", "seed", "article", "part", "start", "end", "quote", "theme", "kind",
    "stated", "stated_value", "stated_unit", "check", "check_args",
    "verdict", "rule", "found", "explanation", "margin", "margin_share", "robustness", "evidence", "section",
]


def fact_anchor(fact_id: str) -> str:
    """The HTML id of a fact's row on the Evidence page."""
    return TABLE_ANCHORS["facts"].format(key=fact_id)


def reference_address(reference: Reference) -> str:
    """Site-relative address of a piece of evidence: its row on the Evidence page, a table download or a references entry."""
    if reference.table in TABLE_ANCHORS:
        return f"{EVIDENCE_PAGE}.html#{TABLE_ANCHORS[reference.table].format(key=reference.key)}"
    if reference.table:
        return f"{SITE_DATA_DIR}/{TABLES_DIR}/{reference.table}.csv"
    return f"{REFERENCE_PAGE}.html#{reference_anchor(reference.key)}"


def ledger_records(entries: list[Entry]) -> list[dict]:
    """One dict per claim, everything a reader needs to judge the judgement."""
    records = []
    for e in entries:
        c, f = e.claim, e.finding
        records.append(
            {
                "id": c.id,
                "url": ledger_row_address(c.id),
                "page": claim_address(c.id),
                "seed": c.seed,
                "article": e.article,
                "part": e.part,
                "start": e.start,
                "end": e.end,
                "quote": c.quote,
                "theme": c.theme,
                "kind": c.kind,
                "stated": c.stated,
                "stated_value": c.stated_value,
                "stated_unit": c.stated_unit,
                "check": c.check,
                "check_args": "; ".join(f"{k}={v}" for k, v in c.args.items()),
                "verdict": e.verdict,
                "rule": f.rule if f else "",
                "found": (f.found or "") if f else "",
                "explanation": f.explanation if f else "",
                "margin": f.margin if f else "",
                "margin_share": f.margin_share if f and f.margin else None,
                "robustness": f.robustness if f else "",
                "evidence": [
                    {**r.as_dict(), "label": r.label(), "address": reference_address(r)} for r in (f.evidence if f else ())
                ],
                "section": e.section,
            }
        )
    return records


def ledger_json(records: list[dict], inputs_sha256: str) -> str:
    """The published JSON document: vocabulary, provenance of the build, and the claims."""
    split: dict[str, list[str]] = {}
    for record in records:
        base = split_base(record["id"])
        if base:
            split.setdefault(base, []).append(record["id"])
    document = {
        "title": "The DeepSeek shock, fact-checked: claims ledger",
        "publisher": PUBLISHER,
        "inputs_sha256": inputs_sha256,
        "verdicts": {**VERDICTS},
        "rules": {r.id: {"title": r.title, "text": r.text, "verdicts": list(r.verdicts)} for r in RULES},
        "pending": "no verdict yet: the chapter for this claim's theme is not written",
        "split": split,
        "claims": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def ledger_csv(records: list[dict]) -> str:
    """The claims as CSV; evidence is flattened to ``label <address>`` items joined by `` | ``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        flat = {**record, "evidence": " | ".join(f"{e['label']} <{e['address']}>" for e in record["evidence"])}
        writer.writerow(flat)
    return out.getvalue()


def write_site_data(outdir: Path, inputs_sha256: str, root: Path | None = None, records: list[dict] | None = None) -> list[Path]:
    """Write the ledger downloads and copies of the curated tables into the built site."""
    root = root or book_root()
    target = Path(outdir) / SITE_DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    records = records if records is not None else ledger_records(build_ledger(root))
    written = [target / "claims.json", target / "claims.csv", target / "claims.schema.json"]
    written[0].write_text(ledger_json(records, inputs_sha256), encoding="utf-8")
    written[1].write_text(ledger_csv(records), encoding="utf-8")
    shutil.copyfile(root / SCHEMA_FILE, written[2])
    (target / TABLES_DIR).mkdir(exist_ok=True)
    for table in sorted((root / "data").glob("*.csv")) + [root / "data" / "datapackage.json"]:
        shutil.copyfile(table, target / TABLES_DIR / table.name)
        written.append(target / TABLES_DIR / table.name)
    return written


def _script_safe(value: object) -> str:
    """JSON that cannot close or open markup inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def claim_review_jsonld(entries: list[Entry], outlets: dict[str, dict], address=None) -> str:
    """schema.org ClaimReview items for every claim with a checkable verdict, as script-safe JSON.

    ``outlets`` maps a seed id to its metadata (outlet, title, url, published). Claims that are
    pending or not checkable get no ClaimReview: there is no rating to give. ``address`` makes
    each review's ``url`` from a claim id (default: the claim's row anchor on the page).
    """
    address = address or (lambda claim_id: f"#{claim_anchor(claim_id)}")
    items = []
    for e in entries:
        if e.verdict in (PENDING, "not-checkable"):
            continue
        meta = outlets[e.claim.seed]
        appearance = {"@type": "CreativeWork", "headline": meta.get("title") or "", "publisher": meta["outlet"]}
        if meta.get("url"):
            appearance["url"] = meta["url"]
        items.append(
            {
                "@type": "ClaimReview",
                "url": address(e.claim.id),
                "claimReviewed": e.claim.quote,
                "author": {"@type": "Organization", "name": PUBLISHER},
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Organization", "name": meta["outlet"]},
                    "datePublished": meta["published"].isoformat(),
                    "appearance": appearance,
                },
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": e.verdict,
                    "ratingExplanation": e.finding.explanation if e.finding else "",
                },
            }
        )
    return _script_safe({"@context": "https://schema.org", "@graph": items})


# The files write_site_data puts under the site's data/ folder, with what each holds.
DOWNLOADS = {
    "claims.json": "the checked ledger: every claim with its verdict, value found, explanation and evidence as structured items",
    "claims.schema.json": "the JSON Schema that describes claims.json",
    "claims.csv": "the checked ledger as a table, evidence flattened into one column",
    "tables/claims.csv": "the curated claims (the input): quotes, offsets, themes, kinds, stated values and the check for each",
    "tables/facts.csv": "the evidence: one sourced fact per row, with locator, excerpt and basis",
    "tables/benchmarks.csv": "DeepSeek's published benchmark table for R1 against OpenAI o1",
    "tables/not_claims.csv": "numbers in the articles that are not claims, each with a reason",
    "tables/seeds.csv": "the five articles' identity, checksums and metadata",
    "tables/market_series.csv": "market series around 27 January 2025 (stocks, indices, VIX, yields, oil): one row per series and upstream copy, with provenance and caveats",
    "tables/market_prices.csv": "daily prices of every market series and copy, 3 June 2024 to 28 February 2025, as the sources have them",
    "tables/market_dividends.csv": "ex-dividend dates and cash dividends of the stocks, 3 June 2024 to 28 February 2025, recovered from Yahoo's dividend-adjusted closes",
    "tables/frontier_models.csv": "Epoch AI's training compute and cost estimates for notable models since 2016",
    "tables/frontier_cost_methods.csv": "Epoch AI's work-in-progress cost estimates by method (cloud rental, amortised hardware)",
    "tables/v3_training_cost.csv": "DeepSeek-V3's GPU hours by training stage, as its technical report gives them",
    "tables/r1_training_cost.csv": "DeepSeek-R1's GPU hours by training stage, as the Nature paper's supplement gives them",
    "tables/gpu_prices.csv": "observed purchase and rental prices of H100, H800 and A100 GPUs (Epoch AI)",
    "tables/api_prices.csv": "API prices per million tokens when R1 launched: DeepSeek-R1 and V3, OpenAI o1 and GPT-4o, Claude 3.5 Sonnet",
    "tables/export_rules.csv": "US export controls on AI chips to China, 2022 to 2025: dated rules, licence letters, authorisations, Entity List additions (with the companies named) and relaxations, with official citations and addresses",
    "tables/chips.csv": "Nvidia data-centre chips (A100 to B200, L40S) and gaming cards (RTX 4090, 4090D) with the specifications the export rules test, and their sources",
    "tables/bans.csv": "government bans and restrictions on using DeepSeek in 2025, dated, with sources",
    "tables/deepseek_hardware.csv": "DeepSeek's releases and reported hardware, and others' estimates of its fleet (labelled estimates)",
    "tables/censorship_topic_map.csv": "the articles' censorship topics mapped to the questions of each dataset (hand-picked and keyword matches)",
    "tables/censorship_cp_outcomes.csv": "Censored Planet: trials of five Chinese chatbot web apps by service, question, language and outcome (March 2025)",
    "tables/censorship_cp_queries.csv": "Censored Planet's 80 questions in English, Simplified and Traditional Chinese",
    "tables/censorship_cp_withdrawn.csv": "answers DeepSeek's app streamed and then withdrew: the first 200 characters, one per topic question and language",
    "tables/censorship_cp_streamed.csv": "every answer DeepSeek's app streamed and then withdrew (Censored Planet): how many characters were sent first, lengths only",
    "tables/censorship_cp_content.csv": "Censored Planet: the answered trials coded for the official line by two rule sets, by service, question, language and codes (no answer text)",
    "tables/censorship_cp_search.csv": "Censored Planet: trials by chatbot web app and the state of its web-search step",
    "tables/censorship_canned_texts.csv": "the replacement texts DeepSeek's app and R1's weights show instead of an answer, with counts",
    "tables/censorship_wrappers.csv": "r1-moderation: the same questions to DeepSeek's app, hosted and local weights, R1-Zero and a de-censored R1",
    "tables/censorship_speechmap.csv": "SpeechMap, January 2025: requests to criticise China, the US, the EU and Russia, by model and judge label",
    "tables/censorship_speechmap_later.csv": "SpeechMap's later full set: China criticism also asked in Chinese and Finnish, later DeepSeek versions, by model and judge label",
    "tables/censorship_run_dates.csv": "when the probes ran: the first and last day of each model's responses, r1-moderation and SpeechMap's January 2025 snapshot",
    "tables/censorship_promptfoo.csv": "promptfoo's 1,360 CCP-sensitive prompts counted by topic (the results are not public)",
    "tables/datapackage.json": "schemas and provenance of every curated table (Frictionless data package)",
}


def downloads_html(from_page: str) -> str:
    """A list of the site's data downloads, linked relative to ``from_page``."""
    prefix = "../" * from_page.count("/")
    items = "".join(
        f'<li><a href="{prefix}{SITE_DATA_DIR}/{name}" download>{name}</a>: {description}</li>'
        for name, description in DOWNLOADS.items()
    )
    return f'<ul class="downloads">{items}</ul>'

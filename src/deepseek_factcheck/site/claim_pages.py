"""One page per claim, made by the Sphinx extension from the published ledger records.

A claim's page (its address is :func:`deepseek_factcheck.ledger.build.claim_address`) says
what was claimed and where, the verdict in one line, why, the evidence with links, the claims
that state the same quantity elsewhere, the margin and robustness when the record has them,
how to cite the page, and a schema.org ClaimReview for search engines. A claim that was split
into parts keeps a short page that leads to them.

:func:`claim_page_html` is the page's body; :func:`search_terms` the figures and words a
reader may type into the site's search to find it (Sphinx's search skips bare numbers in
the text, so each figure is also an index entry).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..core.paths import page_href
from ..ledger.build import LEDGER_PAGE, claim_address, claim_anchor
from ..ledger.explain import first_sentence
from ..ledger.verdicts import PENDING, PENDING_MEANING, VERDICTS
from .citation import Edition, cite_block_html

ESC = html.escape
SOURCES_PAGE = "chapters/sources"
# what each part of an article is, for a reader: whose words the claim is
PART_WORDS = {
    "title": "the outlet's headline",
    "body": "the outlet's own text",
    "comment": "a reader comment below the article",
    "quoted-chatbot-answer": "a chatbot's answer the author pasted into the article (not the author's words)",
}
_FIGURE = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")
_FIGURE_WITH_WORD = re.compile(r"(\d(?:[\d,]*\d)?(?:\.\d+)?)\s?(%|bn|billion|million|trillion|m\b|times|per cent|percent)", re.I)


@dataclass(frozen=True)
class PageSite:
    """What a claim page needs to know about the site: its base address and the edition."""

    base: str  # the address the site is served from, ending in "/", or "" (addresses stay site-relative)
    edition: Edition

    def absolute(self, address: str) -> str:
        return self.base + address if self.base else address


def page_name(claim_id: str) -> str:
    """The Sphinx page name of a claim's page (``claims/003-005``)."""
    return claim_address(claim_id).removesuffix(".html")


def verdict_line(record: dict) -> str:
    """The verdict in one line of plain words: the explanation's opening sentence (which says what is right
    or wrong with this claim), or, with no explanation, the first clause of the verdict's meaning."""
    if record.get("explanation"):
        return first_sentence(record["explanation"])
    meaning = {**VERDICTS, PENDING: PENDING_MEANING}[record["verdict"] or PENDING]
    return re.split(r"[.:;(]", meaning, maxsplit=1)[0].strip().rstrip(",") + "."


def explanation_after_opening(record: dict) -> str:
    """The explanation without its opening sentence (shown as the verdict line above it)."""
    explanation = record.get("explanation") or ""
    return explanation[len(first_sentence(explanation)):].strip()


def page_title(record: dict) -> str:
    return f"Claim {record['id']}: {record['verdict'] or PENDING}"


def related_claims(record: dict, records: list[dict]) -> list[dict]:
    """Other claims that state the same quantity (same stated value and unit, or the same fact checked)."""
    def keys(r: dict) -> set[tuple[str, str]]:
        found = set()
        if str(r.get("stated_value") or "") and r.get("stated_unit") not in ("", "date", "text"):
            found.add(("value", f"{r['stated_value']} {r['stated_unit']}"))
        fact = dict(part.split("=", 1) for part in r["check_args"].split("; ") if "=" in part).get("fact")
        if fact:
            found.add(("fact", fact))
        return found

    mine = keys(record)
    return [r for r in records if r["id"] != record["id"] and mine & keys(r)] if mine else []


def search_terms(record: dict) -> list[str]:
    """The figures of a claim's quote as a reader would type them: ``593``, ``5.6 million``, ``17%``."""
    quote = record["quote"]
    terms = {m.group(0) for m in _FIGURE.finditer(quote)}
    terms |= {f"{m.group(1)} {m.group(2)}".lower() for m in _FIGURE_WITH_WORD.finditer(quote)}
    terms |= {f"{m.group(1)}{m.group(2)}".lower() for m in _FIGURE_WITH_WORD.finditer(quote)}
    return sorted(t.replace(";", " ") for t in terms)


def _link(address: str, text: str, from_page: str) -> str:
    return f'<a href="{ESC(page_href(from_page, address))}">{ESC(text)}</a>'


def _optional_section(record: dict, field: str, title: str) -> str:
    """The record's margin or robustness (added by the ledger when computed), as a short section."""
    value = record.get(field)
    if not value:
        return ""
    if isinstance(value, dict):
        text = value.get("text") or value.get("sentence") or "; ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    return f'<h2 id="claim-{field}">{ESC(title)}</h2><p>{ESC(text)}</p>'


def claim_page_html(record: dict, records: list[dict], jsonld: str, site: PageSite) -> str:
    """The body of one claim's page. ``jsonld`` is its ClaimReview (script-safe JSON, or "")."""
    claim_id, verdict = record["id"], record["verdict"] or PENDING
    here = page_name(claim_id)
    title = page_title(record)
    parts = [
        f'<section id="claim-page" class="claim-page"><h1>{ESC(title)}</h1>',
        f'<p class="claim-verdict-line"><span class="verdict verdict-{ESC(verdict)}">{ESC(verdict)}</span> {ESC(verdict_line(record))}</p>',
        f'<blockquote class="claim-quote-block"><p>“{ESC(record["quote"])}”</p></blockquote>',
        f'<p class="claim-meta">From {ESC(record["article"])}, in {ESC(PART_WORDS.get(record["part"], record["part"]))}: '
        + _link(f"{SOURCES_PAGE}.html#in-text-{claim_id}", "read it in the article", here) + ".</p>",
        '<h2 id="claim-why">Why</h2>',
    ]
    if record.get("found"):
        parts.append(f'<p class="found"><strong>Found:</strong> {ESC(record["found"])}</p>')
    rest = explanation_after_opening(record)
    if rest:
        parts.append(f'<p class="explanation">{ESC(rest)}</p>')
    if record.get("rule"):
        parts.append("<p>" + _link(f"chapters/method.html#rule-{record['rule']}", "The rule that decided it", here) + "</p>")
    parts += [_optional_section(record, "margin", "Margin"), _optional_section(record, "robustness", "Robustness")]
    if record["evidence"]:
        items = "".join(f"<li>{_link(e['address'], e['label'], here)}</li>" for e in record["evidence"])
        parts.append(f'<h2 id="claim-evidence">Evidence</h2><ul class="claim-evidence">{items}</ul>')
    related = related_claims(record, records)
    if related:
        items = "".join(
            f'<li>{_link(claim_address(r["id"]), r["id"], here)} ({ESC(r["article"])}): “{ESC(r["quote"])}”, '
            f'<span class="verdict verdict-{ESC(r["verdict"] or PENDING)}">{ESC(r["verdict"] or PENDING)}</span></li>'
            for r in related
        )
        parts.append(f'<h2 id="claim-related">The same quantity elsewhere</h2><ul>{items}</ul>')
    more = [_link(f"{LEDGER_PAGE}.html#{claim_anchor(claim_id)}", "its row in the claims ledger", here)]
    if not record["section"].startswith(f"{LEDGER_PAGE}.html"):
        more.insert(0, _link(record["section"], "the chapter section that discusses it", here))
    parts.append(f"<p>See also {' and '.join(more)}.</p></section>")
    parts.append(cite_block_html(title, claim_address(claim_id), [], site.edition, site.base))
    if jsonld:
        parts.append(f'<script type="application/ld+json">{jsonld}</script>')
    return "".join(parts)


def split_page_html(base_id: str, part_ids: list[str], records: dict[str, dict], site: PageSite) -> str:
    """The page of a claim id that was split into one claim per assertion: it leads to the parts."""
    here = page_name(base_id)
    items = "".join(
        f'<li>{_link(claim_address(p), p, here)}: “{ESC(records[p]["quote"])}”, '
        f'<span class="verdict verdict-{ESC(records[p]["verdict"] or PENDING)}">{ESC(records[p]["verdict"] or PENDING)}</span></li>'
        for p in part_ids
    )
    title = f"Claim {base_id}"
    return (
        f'<section id="claim-page" class="claim-page"><h1>{ESC(title)}</h1>'
        f"<p>This sentence makes {len(part_ids)} assertions, so the book checks each as a claim of its own:</p>"
        f"<ul>{items}</ul></section>" + cite_block_html(title, claim_address(base_id), [], site.edition, site.base)
    )

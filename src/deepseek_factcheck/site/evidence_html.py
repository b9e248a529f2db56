"""The evidence tables as HTML for the Evidence appendix: one anchored row per fact.

Each fact row has the HTML id ``fact-<id>`` (the ledger's evidence links point there) and
links its sources to their entries on the References page. Every cell is escaped.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML

from ..ledger.checks import Reference
from ..core.paths import page_href
from .publish import EVIDENCE_PAGE, fact_anchor, reference_address

ESC = html.escape


def _sources(keys: str, from_page: str) -> str:
    links = [
        f'<a href="{ESC(page_href(from_page, reference_address(Reference(key=key))))}">{ESC(key)}</a>'
        for key in filter(None, (k.strip() for k in keys.split(";")))
    ]
    return ", ".join(links)


def facts_table_html(facts: pd.DataFrame, topic: str, from_page: str = EVIDENCE_PAGE) -> HTML:
    """The facts of one topic: statement, value, date, source with locator and excerpt, status."""
    rows = []
    for row in facts[facts["topic"] == topic].fillna("").to_dict("records"):
        value = f"{row['value']} {row['unit']}".strip() if row["value"] else ""
        if row["status"] == "found":
            source = (
                f"{_sources(row['source'], from_page)} ({ESC(row['basis'])}), {ESC(row['locator'])}"
                + (f'<br><q class="source-quote">{ESC(row["source_quote"])}</q>' if row["source_quote"] else "")
            )
        else:
            source = f'<strong>Not found.</strong> Looked for: {ESC(row["looked_for"])}'
            if row["source"]:
                source += f"<br>Searched: {_sources(row['source'], from_page)}"
        rows.append(
            f'<tr id="{fact_anchor(row["id"])}"><th scope="row"><a href="#{fact_anchor(row["id"])}">{ESC(row["id"])}</a></th>'
            f"<td>{ESC(row['statement'])}</td><td>{ESC(value)}<br><span class=\"claim-meta\">{ESC(row['scope'])}</span></td>"
            f"<td>{ESC(row['as_of'])}</td><td>{source}</td></tr>"
        )
    return HTML(
        '<table class="book-table evidence-table">'
        f"<caption>Facts on the topic '{ESC(topic)}' (data/facts.csv)</caption>"
        '<thead><tr><th scope="col">Fact</th><th scope="col">Statement</th><th scope="col">Value</th>'
        '<th scope="col">As of</th><th scope="col">Source</th></tr></thead><tbody>'
        + "\n".join(rows)
        + "</tbody></table>"
    )


def resource_html(resource: dict, rows: int, from_page: str) -> HTML:
    """One curated table for the Data appendix: download, description, provenance, caveats and schema."""
    from .publish import SITE_DATA_DIR, TABLES_DIR

    href = page_href(from_page, f"{SITE_DATA_DIR}/{TABLES_DIR}/{resource['path']}")
    def titled(text: str) -> str:  # "(reference key)" in a source title links to that References entry
        return re.sub(r"\(reference ([a-z0-9-]+)\)", lambda m: f'(<a href="{ESC(page_href(from_page, reference_address(Reference(key=m.group(1)))))}">reference {m.group(1)}</a>)', ESC(text))

    sources = "".join(
        f"<li>{titled(s.get('title', ''))}"
        + (f' (<a href="{ESC(s["path"])}">{ESC(s["path"])}</a>)' if str(s.get("path", "")).startswith("http") else
           (f" ({ESC(s['path'])})" if s.get("path") else ""))
        + "</li>"
        for s in resource.get("sources", [])
    )
    licences = "; ".join(f"{ESC(l.get('name', ''))}: {ESC(l.get('title', ''))}" for l in resource.get("licenses", []))
    fields = "".join(
        f"<tr><td><code>{ESC(f['name'])}</code></td><td>{ESC(f.get('type', 'string'))}</td>"
        f"<td>{'yes' if f.get('constraints', {}).get('required') else ''}</td><td>{ESC(f.get('description', ''))}</td></tr>"
        for f in resource["schema"]["fields"]
    )
    return HTML(
        f'<div class="data-resource">'
        f'<p><a href="{ESC(href)}" download><strong>{ESC(resource["path"])}</strong></a> ({rows:,} rows): {ESC(resource.get("title", ""))}</p>'
        f"<p>{ESC(resource.get('description', ''))}</p>"
        f"<dl><dt>Sources</dt><dd><ul>{sources}</ul></dd><dt>Licence</dt><dd>{licences or 'not stated'}</dd>"
        f"<dt>As of</dt><dd>{ESC(str(resource.get('asOf', 'not stated')))}</dd>"
        f"<dt>Caveats</dt><dd>{ESC(resource.get('caveats', 'none stated'))}</dd></dl>"
        f'<details class="table-fold"><summary>Schema: {len(resource["schema"]["fields"])} columns</summary>'
        f'<table class="book-table" tabindex="0"><thead><tr><th scope="col">Column</th><th scope="col">Type</th>'
        f'<th scope="col">Required</th><th scope="col">Meaning</th></tr></thead><tbody>{fields}</tbody></table></details>'
        f"</div>"
    )

"""The site: the Sphinx extension (:mod:`.sphinx_ext`, the package's only entry point from
Sphinx), how to cite a page (:mod:`.citation`), the bibliography (:mod:`.references`), the
ledger and the evidence as HTML (:mod:`.ledger_html`, :mod:`.evidence_html`) and as the
site's data files (:mod:`.publish`), the appendices' charts (:mod:`.figures`), the benchmark's
results (:mod:`.performance`), what a chapter's hidden setup cell calls (:mod:`.chapter`), the
page of each claim (:mod:`.claim_pages`), the key findings (:mod:`.findings`), the About page's
facts (:mod:`.about`) and the corrections between editions (:mod:`.corrections`).
Nothing else in the package imports it."""

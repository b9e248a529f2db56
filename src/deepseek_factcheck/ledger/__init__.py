"""The claims ledger: the claims as curated and their coverage of the articles (:mod:`.claims`,
:mod:`.coverage`), the rules for reading stated figures and dates (:mod:`.approx`,
:mod:`.dates`), the verdict vocabulary (:mod:`.verdicts`), the checks registry and what checks
share (:mod:`.checks`, :mod:`.common_checks`), how readers are told (:mod:`.amounts`, the one
amount formatter; :mod:`.explain`, explanations from one template per rule; :mod:`.numbers`,
margins and robustness), and the ledger built from them, with the counts
and lists chapters glue (:mod:`.build`). It knows no theme: each theme registers its checks."""

"""Shared logic of the book "The DeepSeek shock, fact-checked".

The package has three layers and four themes on top of them; imports go one way, down this
list (``tests/test_layout.py`` walks every import and fails on one that runs up, or a cycle):

1. :mod:`~deepseek_factcheck.core`: where the book's folders are, the curated tables
   validated on load, numbers and lists in prose, escaped HTML, and the chart pipeline.
2. :mod:`~deepseek_factcheck.articles`: the five articles: seeds checked byte for byte, their
   parts (body, comments...), and the repaired reading text.
3. :mod:`~deepseek_factcheck.ledger`: the claims ledger: the claims as curated, the rules
   for reading stated figures and dates, the verdict vocabulary, the checks registry, and the
   ledger built from them. The ledger knows no theme.
4. The themes, one package each, each with its data loading, analysis, figures and checks:
   :mod:`~deepseek_factcheck.market`, :mod:`~deepseek_factcheck.cost`,
   :mod:`~deepseek_factcheck.export_controls`, :mod:`~deepseek_factcheck.censorship`, and
   :mod:`~deepseek_factcheck.background` (dates, people, announcements and rankings: the
   claims of theme ``other``). Themes use the layers below, never each other.
5. :mod:`~deepseek_factcheck.themes`: every theme's checks registered, and the whole ledger.
6. :mod:`~deepseek_factcheck.site`: the site: the Sphinx extension, citation, references, the
   ledger and evidence as HTML and data files, and the helpers chapters call. Nothing in the
   package imports it; Sphinx loads its extension, and chapters import its helpers.
"""

__version__ = "0.1.0"

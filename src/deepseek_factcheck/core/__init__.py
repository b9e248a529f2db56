"""What every layer uses: where the book's folders are (:mod:`.paths`), the curated tables in
``data/`` validated on load (:mod:`.tables`), numbers and lists in prose (:mod:`.text`),
article text and tables as inert HTML (:mod:`.markup`), and the offline chart pipeline
(:mod:`.charts`). It imports nothing else of the package."""

"""Theme ``censorship``: what DeepSeek refuses or withdraws, and how it compares. The curated
measurements aggregated, with Wilson intervals, and the tables of Chinese text
(:mod:`.analysis`); the chapter's charts (:mod:`.figures`); the checks of censorship claims
(:mod:`.checks`)."""

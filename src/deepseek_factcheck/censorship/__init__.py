"""Theme ``censorship``: what DeepSeek refuses or withdraws, what its answers say, and how it
compares. The curated measurements aggregated, with Wilson and question-clustered intervals,
and the tables of Chinese text (:mod:`.analysis`); the codebook that codes answers for the
official line, with its two rule sets and their agreement (:mod:`.content`); the clustered
bootstrap and the paired sign test (:mod:`.design`); the chapter's charts (:mod:`.figures`);
the checks of censorship claims (:mod:`.checks`)."""

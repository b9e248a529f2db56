"""Theme ``market``: the sell-off of 27 January 2025. The curated prices loaded, flagged and
compared across copies (:mod:`.prices`); day moves, the event study and market values
(:mod:`.analysis`); the chapter's charts (:mod:`.figures`); the checks of market claims
(:mod:`.checks`)."""

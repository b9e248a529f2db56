"""Theme ``cost``: what DeepSeek's models cost. The V3 training bill rebuilt, its sensitivity,
prices to users and the figures behind circulating claims (:mod:`.analysis`); the chapter's
charts (:mod:`.figures`); the checks of cost claims (:mod:`.checks`)."""

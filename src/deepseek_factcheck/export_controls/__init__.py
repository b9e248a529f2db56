"""Theme ``export-controls``: US export controls on AI chips to China. The rules and chips as
code, with each chip's status by date (:mod:`.rules`); the chapter's charts (:mod:`.figures`);
the checks of export-control claims (:mod:`.checks`)."""

"""The five articles: the seeds checked byte for byte (:mod:`.seeds`), each split into its parts
(:mod:`.parts`), its reading text with every repair recorded (:mod:`.reading`), and all of it
loaded together as :class:`~.loading.Article` (:mod:`.loading`)."""

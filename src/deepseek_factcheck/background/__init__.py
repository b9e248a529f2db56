"""The chapter "Dates, people and announcements" (claims of theme ``other``): the checks of
dates, ages, people, quotes and DeepSeek's benchmark table (:mod:`.checks`), and the
benchmark chart (:mod:`.figures`)."""

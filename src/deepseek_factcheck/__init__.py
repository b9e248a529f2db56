"""Shared logic of the book "The DeepSeek shock, fact-checked": seeds, reading texts, tables, charts."""

__version__ = "0.1.0"

"""Read the dates articles state: absolute ("20 January") or relative to the article ("yesterday").

A relative date is resolved against the article's date (printed, or inferred: the ledger's
explanation says which). Each phrase becomes a :class:`DateWindow`, the days it can mean:

* "today", "this morning", "this afternoon", "tonight", "earlier today": the article's day;
* "overnight": the article's day and the day before;
* "yesterday": the day before;
* a weekday ("on Friday", "on Monday"): the latest such day on or before the article's day;
* "this week", "last week": the calendar week (Monday to Sunday) of the article, or the one before;
* "this month", "middle of this month": the article's calendar month;
* "last year", "in July last year": the previous calendar year, or that month of it;
* "this year", "earlier this year": 1 January to the article's day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}


OPEN_START = dt.date(1900, 1, 1)  # the first day of a window open at the start ("by January 27")

@dataclass(frozen=True)
class DateWindow:
    """The days (inclusive) a stated date can mean, and how the phrase was read."""

    first: dt.date
    last: dt.date
    reading: str

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def describe(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        if self.first <= OPEN_START:  # "by January 27": no first day
            return f"on or before {self.last.isoformat()}"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def resolve(phrase: str, article_day: dt.date) -> DateWindow:
    """The window of days a relative date phrase means, for an article dated ``article_day``."""
    text = phrase.lower()
    month = next((number for name, number in MONTHS.items() if re.search(rf"\b{name}\b", text)), None)
    if "last year" in text:
        year = article_day.year - 1
        if month:
            first, last = _month_window(year, month)
            return DateWindow(first, last, f"{calendar.month_name[month]} of the year before the article ({year})")
        return DateWindow(dt.date(year, 1, 1), dt.date(year, 12, 31), f"the calendar year before the article ({year})")
    if re.search(r"\b(this|earlier this) year\b", text):
        return DateWindow(dt.date(article_day.year, 1, 1), article_day, "from 1 January to the article's date")
    if re.search(r"\bthis month\b", text):
        first, last = _month_window(article_day.year, article_day.month)
        return DateWindow(first, last, "the article's calendar month")
    week_start = article_day - dt.timedelta(days=article_day.weekday())
    if re.search(r"\blast week\b", text):
        return DateWindow(week_start - dt.timedelta(days=7), week_start - dt.timedelta(days=1), "the calendar week (Monday to Sunday) before the article's")
    if re.search(r"\bthis week\b", text):
        return DateWindow(week_start, week_start + dt.timedelta(days=6), "the article's calendar week")
    if "yesterday" in text:
        day = article_day - dt.timedelta(days=1)
        return DateWindow(day, day, "the day before the article's date")
    if "overnight" in text:
        return DateWindow(article_day - dt.timedelta(days=1), article_day, "the article's date or the day before")
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", text):
        return DateWindow(article_day, article_day, "the article's date")
    weekday = next((number for name, number in WEEKDAYS.items() if re.search(rf"\b{name}\b", text)), None)
    if weekday is not None:
        day = article_day - dt.timedelta(days=(article_day.weekday() - weekday) % 7)
        return DateWindow(day, day, f"the latest {calendar.day_name[weekday]} on or before the article's date")
    raise ValueError(f"cannot read {phrase!r} as a date relative to the article; state an ISO date in stated_value")


def value_window(value: str) -> DateWindow:
    """A date written as ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or a range ``..YYYY-MM-DD`` ("by")."""
    if value.startswith(".."):
        last = value_window(value[2:]).last
        return DateWindow(OPEN_START, last, f"on or before {last.isoformat()}")
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return DateWindow(dt.date(year, 1, 1), dt.date(year, 12, 31), f"the year {year}")
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        first, last = _month_window(year, month)
        return DateWindow(first, last, f"{calendar.month_name[month]} {year}")
    day = dt.date.fromisoformat(value)
    return DateWindow(day, day, "as stated")


def stated_window(phrase: str, stated_value: str, article_day: dt.date) -> DateWindow:
    """A claim's stated date: ``stated_value`` if given (see :func:`value_window`), else ``phrase`` resolved."""
    if stated_value:
        return value_window(stated_value)
    return resolve(phrase, article_day)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (clipped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> float:
    """Whole calendar months from ``start`` to ``end``, plus the rest in days / 30.44."""
    whole = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, whole) > end:
        whole -= 1
    return whole + (end - add_months(start, whole)).days / 30.44

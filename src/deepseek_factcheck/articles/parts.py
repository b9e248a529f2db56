"""Split an article file into its parts: the body, and everything around it.

Scraped pages carry more than the article: reader comments, subscription prompts,
"Advertisements" labels, reply forms, feed footers, view counters. The splitter reads
the raw text line by line and gives each line (or part of a line) one part, by the
first rule in :data:`RULES` that matches. Every segment records the rule that placed
it, so the Sources page can show why a line is not counted as the article's body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTS = {
    "title": "Headline printed at the top of the file",
    "byline": "Author line printed in the file",
    "counter": "Bare numbers in the page header (comment and view counters)",
    "body": "The article's own text",
    "quoted-chatbot-answer": "A chatbot's answer that the author pasted in after the article (not the author's words)",
    "advert": "An 'Advertisements' label left by the page",
    "page-furniture": "A stray word from the page layout inside the body (for example an image credit)",
    "feed-footer": "Syndication footer: feed author, timestamp, feed link",
    "reply-form": "Labels of the comment form",
    "subscription-prompt": "Paywall prompt to subscribe",
    "comment": "Reader comments (one segment per line; the file does not mark where one comment ends)",
}

RULES = {
    "title-line": "the first line equals the headline recorded in data/seeds.csv",
    "byline-line": "a line in the header starting 'By ' and a capital",
    "header-number": "a line of digits only, before the body starts",
    "advert-label": "a line reading exactly 'Advertisements'",
    "reply-form-label": "a comment-form label ('LEAVE A REPLY', 'Leave A Comment', 'Please enter your comment!', 'Please enter your name here')",
    "feed-timestamp": "a 'Tue, 01/28/2025 – 11:00'-style timestamp line, the short author line before it and the 'via' lines after it",
    "paywall-prompt": "a subscription prompt line ('Join the discussion', 'Join like minded readers...', 'To join the discussion ... subscriber')",
    "paywall-subscribe": "the 'Subscribe' button label that closes the paywall prompt; text glued to it starts the comments",
    "after-paywall": "every line after the paywall prompt is a reader comment",
    "chatbot-answer-intro": "lines after the author's 'A quick update to add what DeepSeek has to say' are the pasted chatbot answer",
    "stray-lowercase-word": "a body line that is one lowercase word and nothing else",
    "body-text": "any other line once the header is over",
}

_PAYWALL = re.compile(r"^(Join the discussion|Join like minded readers\b.*|To join the discussion\b.*subscriber\.?)$")
_SUBSCRIBE = re.compile(r"^Subscribe")
_REPLY_FORM = re.compile(r"^(leave a reply|leave a comment|please enter your comment!|please enter your name here)$", re.I)
_FEED_TIMESTAMP = re.compile(r"^[A-Z][a-z]{2}, \d{2}/\d{2}/\d{4} [–-] \d{2}:\d{2}$")
_BYLINE = re.compile(r"^By [A-Z]")
_CHATBOT_INTRO = re.compile(r"^A quick update to add what DeepSeek has to say")


@dataclass(frozen=True)
class Segment:
    """A run of the raw text (character offsets, end exclusive, no newline) and its part."""

    part: str
    start: int
    end: int
    rule: str


def _lines(raw: str):
    """(start, end) of every non-blank line, trailing whitespace excluded."""
    position = 0
    for line in raw.split("\n"):
        stripped = line.rstrip()
        if stripped.strip():
            yield position, position + len(stripped)
        position += len(line) + 1


def split_parts(raw: str, title: str = "") -> list[Segment]:
    """Give every non-blank line of ``raw`` a part; see :data:`RULES` for the order of rules."""
    segments: list[Segment] = []
    zone = "head"  # head -> body -> (chatbot | paywall -> comments | tail)
    first = True
    for start, end in _lines(raw):
        text = raw[start:end]
        stripped = text.strip()

        def add(part: str, rule: str, a: int = start, b: int = end) -> None:
            segments.append(Segment(part, a, b, rule))

        if zone == "comments":
            add("comment", "after-paywall")
        elif zone == "paywall" and _SUBSCRIBE.match(stripped):
            cut = start + text.index("Subscribe") + len("Subscribe")
            add("subscription-prompt", "paywall-subscribe", start, cut)
            if raw[cut:end].strip():
                add("comment", "paywall-subscribe", cut, end)
            zone = "comments"
        elif _PAYWALL.match(stripped):
            add("subscription-prompt", "paywall-prompt")
            zone = "paywall"
        elif stripped == "Advertisements":
            add("advert", "advert-label")
        elif _REPLY_FORM.match(stripped):
            add("reply-form", "reply-form-label")
            zone = "tail"
        elif _FEED_TIMESTAMP.match(stripped):
            previous = segments[-1] if segments else None
            if previous and previous.part == "body" and len(raw[previous.start:previous.end].split()) <= 3:
                segments[-1] = Segment("feed-footer", previous.start, previous.end, "feed-timestamp")
            add("feed-footer", "feed-timestamp")
            zone = "tail"
        elif zone == "tail" and stripped.startswith("via "):
            add("feed-footer", "feed-timestamp")
        elif zone == "chatbot":
            add("quoted-chatbot-answer", "chatbot-answer-intro")
        elif first and title and stripped == title:
            add("title", "title-line")
        elif zone == "head" and _BYLINE.match(stripped):
            add("byline", "byline-line")
        elif zone == "head" and stripped.isdigit():
            add("counter", "header-number")
        elif zone == "body" and re.fullmatch(r"[a-z]+", stripped):
            add("page-furniture", "stray-lowercase-word")
        else:
            add("body", "body-text")
            zone = "chatbot" if _CHATBOT_INTRO.match(stripped) else "body"
        first = False
    return segments

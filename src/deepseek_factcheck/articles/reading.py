"""The reading text of an article: the raw file with its damage repaired, every repair recorded.

The raw file is never changed. A :class:`ReadingText` is the raw text plus an ordered list
of :class:`Repair` records (raw offsets, text before, text after, rule). Offsets map both
ways, so a quote located in the reading text can be traced to the exact characters (and
bytes) of the file it came from.

Rules, in the order they run (see :data:`REPAIR_RULES`):

* ``ftfy-encoding``: a word whose bytes were decoded with the wrong code page and can be
  re-decoded losslessly (seed 004's "naivetĂ©" is UTF-8 "é" read as Windows-1250). ftfy
  finds these; only its encoding fixes are used (no quote uncurling).
* ``lost-bytes-*`` (only in a text showing the damage, a bare "â" before a contraction
  ending such as "Whatâs"): a bare "â" left when a UTF-8 punctuation mark (’ “ ” — –, bytes
  E2 80 xx) was read as Windows-1252 and its two continuation bytes were then dropped.
  The bytes are gone, so context decides which mark it was: see :func:`_bare_a_repairs`.
* ``dropped-*``: the scraper of seed 003 deleted every full stop followed by a space.
  Where a lowercase letter runs into a capitalised word ("landscapeSince"), where a
  known name runs into a capitalised word ("ChatGPTBy"), and where "U.S" runs into the
  next word, the break is restored; in a seed with such breaks, body paragraphs that end
  in a letter or digit get their final full stop back.
* ``joined-lines``: a page label glued to the next text ("Subscribebecause") is split
  with a newline, where the part splitter found the boundary.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import ftfy

from .parts import Segment

REPAIR_RULES = {
    "ftfy-encoding": "ftfy re-decoded a word that was read in the wrong code page (lossless)",
    "lost-bytes-apostrophe": "bare 'â' inside a word before a contraction or possessive ending (s, t, re, ve, ll, d, m), or after a word with no quotation open: ’",
    "lost-bytes-dash": "bare 'â' between spaces, or between two words of three letters or more that are not a contraction: a dash (— printed; whether the original was — or – cannot be recovered)",
    "lost-bytes-open-quote": "bare 'â' after a space or line start and before a character: “",
    "lost-bytes-close-quote": "bare 'â' after a character and before a space, punctuation or line end while a quotation is open: ”",
    "dropped-sentence-break": "a lowercase letter or a known name runs straight into a capitalised word: '. ' restored",
    "dropped-abbreviation-break": "'U.S' runs straight into the next word: '. ' restored",
    "dropped-paragraph-period": "a body paragraph ends in a letter or digit in a seed whose full stops were stripped: '.' restored",
    "joined-lines": "a page label is glued to the text after it: a line break restored",
}

# Names spelled with an inner capital, which are not two words run together.
CAMEL_CASE_NAMES = (
    "DeepSeek", "OpenAI", "ChatGPT", "ChatCCP", "DeepFake", "TikTok", "SenseTime", "ByteDance",
    "ZeroHedge", "NVidia", "YouTube", "iPhone", "GPUs", "CEOs", "AIs",
)
_CONTRACTION_ENDINGS = {"s", "t", "re", "ve", "ll", "d", "m"}
_LOST_BYTES_SIGNATURE = re.compile(r"[A-Za-z]â(s|t|re|ve|ll|d|m)\b")
_MOJIBAKE_HINT = re.compile("[ÂÃĂâÅĹÄ\u0080-\u009f]")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Repair:
    """One change from the raw text to the reading text (raw character offsets)."""

    raw_start: int
    raw_end: int
    before: str
    after: str
    rule: str


class ReadingText:
    """Raw text plus repairs, with offset maps between the two."""

    def __init__(self, raw: str, repairs: list[Repair]):
        repairs = sorted(repairs, key=lambda r: (r.raw_start, r.raw_end))
        for earlier, later in zip(repairs, repairs[1:]):
            if later.raw_start < earlier.raw_end:
                raise ValueError(f"overlapping repairs: {earlier} and {later}")
        for repair in repairs:
            if raw[repair.raw_start:repair.raw_end] != repair.before:
                raise ValueError(f"repair does not match the raw text: {repair}")
        self.raw = raw
        self.repairs = repairs
        pieces, position, self._starts = [], 0, []
        reading_length = 0
        for repair in repairs:
            pieces.append(raw[position:repair.raw_start])
            reading_length += repair.raw_start - position
            self._starts.append(reading_length)
            pieces.append(repair.after)
            reading_length += len(repair.after)
            position = repair.raw_end
        pieces.append(raw[position:])
        self.text = "".join(pieces)
        self._raw_starts = [r.raw_start for r in repairs]

    def reading_start(self, repair: Repair) -> int:
        """Where a repair's replacement text starts in the reading text."""
        return self._starts[self.repairs.index(repair)]

    def to_raw(self, offset: int) -> int:
        """Raw offset of a reading offset; inside a replacement, the raw start of what it replaced."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        repair, start = self.repairs[index], self._starts[index]
        if offset < start + len(repair.after):
            return repair.raw_start
        return repair.raw_end + (offset - start - len(repair.after))

    def to_reading(self, raw_offset: int, before_insertions: bool = False) -> int:
        """Reading offset of a raw offset; inside a replaced span, the start of its replacement.

        Text inserted exactly at ``raw_offset`` counts as before it, unless
        ``before_insertions`` asks for the position ahead of such insertions (a span's end).
        """
        if before_insertions:
            index = bisect.bisect_left(self._raw_starts, raw_offset) - 1
            if index < 0:
                return raw_offset
            repair, start = self.repairs[index], self._starts[index]
            return start + len(repair.after) + (raw_offset - repair.raw_end) if raw_offset >= repair.raw_end else start
        index = bisect.bisect_right(self._raw_starts, raw_offset) - 1
        if index < 0:
            return raw_offset
        repair, start = self.repairs[index], self._starts[index]
        if raw_offset < repair.raw_end:
            return start
        return start + len(repair.after) + (raw_offset - repair.raw_end)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw character span that a reading span came from (covers any repair it touches)."""
        raw_start = self.to_raw(start)
        raw_end = self.to_raw(end - 1) + 1 if end > start else raw_start
        index = bisect.bisect_right(self._starts, end - 1) - 1
        if index >= 0 and self._starts[index] <= end - 1 < self._starts[index] + len(self.repairs[index].after):
            raw_end = self.repairs[index].raw_end
        return raw_start, raw_end

    def raw_byte_offset(self, raw_offset: int) -> int:
        """Byte offset in the UTF-8 file of a raw character offset."""
        return len(self.raw[:raw_offset].encode("utf-8"))


def _url_spans(raw: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(raw)]


def _in_spans(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def encoding_repairs(raw: str) -> list[Repair]:
    """Lossless code-page fixes found by ftfy, one repair per changed run of characters."""
    repairs = []
    for match in re.finditer(r"\S+", raw):
        word = match.group()
        if not _MOJIBAKE_HINT.search(word):
            continue
        fixed = ftfy.fix_encoding(word)
        if fixed == word:
            continue
        head = 0
        while head < min(len(word), len(fixed)) and word[head] == fixed[head]:
            head += 1
        tail = 0
        while tail < min(len(word), len(fixed)) - head and word[-1 - tail] == fixed[-1 - tail]:
            tail += 1
        start = match.start() + head
        repairs.append(Repair(start, match.end() - tail, word[head:len(word) - tail], fixed[head:len(fixed) - tail], "ftfy-encoding"))
    return repairs


def _bare_a_repairs(raw: str, taken: list[Repair]) -> list[Repair]:
    """Context rules for a bare 'â' whose continuation bytes are lost (see REPAIR_RULES).

    The rules run only in a text that shows the damage's signature (a bare 'â' before a
    contraction ending, as in "Whatâs"), so a genuine 'â' in an undamaged text is never
    touched. Quotation state is tracked per line: an opening quote opens, a closing quote
    closes. Between two letters, 'â' is a dash only if both words have three letters or
    more ("bestâthey"); a shorter fragment ("pâté", "château") is left alone.
    """
    if not _LOST_BYTES_SIGNATURE.search(raw):
        return []
    used = {r.raw_start for r in taken}
    repairs = []
    position = 0
    for line in raw.split("\n"):
        quote_open = False
        for i, char in enumerate(line):
            if char != "â" or position + i in used:
                continue
            before = line[i - 1] if i else ""
            after = line[i + 1] if i + 1 < len(line) else ""
            word_before = re.search(r"[^\W\d_]*$", line[:i]).group()
            word_after = re.match(r"[^\W\d_]*", line[i + 1:]).group()
            if before.isalpha() and after.isalpha():
                if word_after.lower() in _CONTRACTION_ENDINGS:
                    after_mark, rule = "’", "lost-bytes-apostrophe"
                elif len(word_before) >= 3 and len(word_after) >= 3:
                    after_mark, rule = "—", "lost-bytes-dash"
                else:
                    continue
            elif before in ("", " ") and after in ("", " "):
                after_mark, rule = "—", "lost-bytes-dash"
            elif before in ("", " ", "(", "["):
                after_mark, rule = "“", "lost-bytes-open-quote"
                quote_open = True
            elif quote_open:
                after_mark, rule = "”", "lost-bytes-close-quote"
                quote_open = False
            elif before.isalpha():
                after_mark, rule = "’", "lost-bytes-apostrophe"
            else:
                after_mark, rule = "”", "lost-bytes-close-quote"
            repairs.append(Repair(position + i, position + i + 1, "â", after_mark, rule))
        position += len(line) + 1
    return repairs


def sentence_break_repairs(raw: str, segments: list[Segment]) -> list[Repair]:
    """Restore full stops that a scraper deleted (see the ``dropped-*`` rules)."""
    urls = _url_spans(raw)
    names = "|".join(sorted(CAMEL_CASE_NAMES, key=len, reverse=True))
    inserts: dict[int, str] = {}
    # a known name glued to a capitalised word: "ChatGPTBy"
    for match in re.finditer(rf"(?<![A-Za-z])({names})(?=[A-Z][a-z])", raw):
        inserts.setdefault(match.end(), "dropped-sentence-break")
    # a lowercase letter glued to a capitalised word, unless the whole word is a known name
    for match in re.finditer(r"[A-Za-z]*[a-z](?=[A-Z][a-z]+)[A-Za-z]*", raw):
        word = match.group()
        if _in_spans(match.start(), urls) or word in CAMEL_CASE_NAMES:
            continue
        remainder = word
        offset = match.start()
        for name in sorted(CAMEL_CASE_NAMES, key=len, reverse=True):
            if remainder.startswith(name):
                remainder, offset = remainder[len(name):], offset + len(name)
                break
        for join in re.finditer(r"(?<=[a-z])(?=[A-Z][a-z])", remainder):
            if remainder[: join.start()] not in CAMEL_CASE_NAMES:
                inserts.setdefault(offset + join.start(), "dropped-sentence-break")
    # "U.S" glued to the next word: "U.SApp", "U.Sand"
    for match in re.finditer(r"\bU\.S(?=[A-Za-z])", raw):
        inserts[match.end()] = "dropped-abbreviation-break"
    repairs = [Repair(at, at, "", ". ", rule) for at, rule in inserts.items()]
    if repairs:
        for segment in segments:
            if segment.part == "body" and raw[segment.end - 1].isalnum():
                repairs.append(Repair(segment.end, segment.end, "", ".", "dropped-paragraph-period"))
    return repairs


def joined_line_repairs(raw: str, segments: list[Segment]) -> list[Repair]:
    """A newline between two segments that the splitter cut out of one line."""
    return [
        Repair(later.start, later.start, "", "\n", "joined-lines")
        for earlier, later in zip(segments, segments[1:])
        if earlier.end == later.start
    ]


def repair(raw: str, segments: list[Segment]) -> ReadingText:
    """The reading text of a raw article, all rules applied."""
    repairs = encoding_repairs(raw)
    repairs += _bare_a_repairs(raw, repairs)
    repairs += sentence_break_repairs(raw, segments)
    repairs += joined_line_repairs(raw, segments)
    return ReadingText(raw, repairs)

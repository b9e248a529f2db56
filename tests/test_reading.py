"""Reading texts: repairs are recorded, rule-based, and offsets round-trip to the raw file."""

import random
import re

import pytest

from deepseek_factcheck.articles.parts import split_parts
from deepseek_factcheck.articles.reading import Repair, ReadingText, repair


def _reading(raw: str) -> str:
    return repair(raw, split_parts(raw)).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Whatâs more", "What’s more"),
        ("companies arenât truly", "companies aren’t truly"),
        ("be the bestâtheyâre competing", "be the best—they’re competing"),
        ("Whatâs: models â such as o1 â do", "What’s: models — such as o1 — do"),
        ("Whatâs: it to: âTell me about it.â But", "What’s: it to: “Tell me about it.” But"),
        ("Whatâs: protests, âGrass-Mud Horseâ, âTank Manâ, or", "What’s: protests, “Grass-Mud Horse”, “Tank Man”, or"),
        ("Whatâs: of its rivalsâ GPU capacities", "What’s: of its rivals’ GPU capacities"),
        ("a pâté and a château", "a pâté and a château"),  # genuine â in an undamaged text is left alone
        ("Whatâs on: pâté and château", "What’s on: pâté and château"),  # and in a damaged one
        ("The naivetĂ© of the tech", "The naiveté of the tech"),  # ftfy: Windows-1250 mojibake
    ],
)
def test_encoding_rules(raw, expected):
    assert _reading(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the technology landscapeSince its launch", "the technology landscape. Since its launch."),
        ("players like ChatGPTBy January 27, it", "players like ChatGPT. By January 27, it."),
        ("in the U.SApp Store and U.Sand European", "in the U.S. App Store and U.S. and European."),
        ("DeepSeek and OpenAI use TikTok and GPUs.", "DeepSeek and OpenAI use TikTok and GPUs."),  # names are not breaks
        ("see https://youtube.com/shorts/S2JkKaw69Vg", "see https://youtube.com/shorts/S2JkKaw69Vg"),  # URLs untouched
    ],
)
def test_sentence_break_rules(raw, expected):
    assert _reading(raw) == expected


def test_paragraph_period_only_where_breaks_were_stripped():
    assert _reading("A first paragraphThe end\n\nSecond paragraph") == "A first paragraph. The end.\n\nSecond paragraph."
    assert _reading("A normal paragraph\n\nAnother one") == "A normal paragraph\n\nAnother one"


def test_overlapping_or_mismatched_repairs_are_refused():
    with pytest.raises(ValueError, match="overlapping"):
        ReadingText("abcdef", [Repair(0, 3, "abc", "x", "r"), Repair(2, 4, "cd", "y", "r")])
    with pytest.raises(ValueError, match="does not match"):
        ReadingText("abcdef", [Repair(0, 1, "z", "x", "r")])


def test_every_repair_round_trips(articles):
    for article in articles.values():
        reading, raw = article.reading, article.raw
        for r in reading.repairs:
            start = reading.reading_start(r)
            assert raw[r.raw_start:r.raw_end] == r.before
            assert reading.text[start:start + len(r.after)] == r.after
            assert reading.raw_span(start, start + len(r.after)) == (r.raw_start, r.raw_end) or r.before == ""
            byte = reading.raw_byte_offset(r.raw_start)
            assert article.seed.raw_bytes[byte:byte + len(r.before.encode())].decode() == r.before


def test_unrepaired_text_maps_back_character_for_character(articles):
    rng = random.Random(2025)
    for article in articles.values():
        reading = article.reading
        touched = set()
        for r in reading.repairs:
            start = reading.reading_start(r)
            touched.update(range(start, start + len(r.after)))
        for offset in rng.sample(range(len(reading.text)), 400):
            if offset in touched:
                continue
            raw_offset = reading.to_raw(offset)
            assert article.raw[raw_offset] == reading.text[offset]
            assert reading.to_reading(raw_offset) == offset
        # a whole sentence, located in the reading text, maps to the same characters of the file
        sentence = re.search(r"[A-Z][^.\n]{40,120}\.", reading.text)
        a, b = reading.raw_span(*sentence.span())
        if not any(sentence.start() <= t < sentence.end() for t in touched):
            assert article.raw[a:b] == sentence.group()


def test_seed_004_has_no_bare_a_left_and_keeps_its_length_in_words(articles):
    article = articles["004"]
    assert "â" not in article.text
    assert "Ă" not in article.text
    split_lines = sum(r.rule == "joined-lines" for r in article.reading.repairs)
    assert split_lines == 1
    assert len(article.text.split()) == len(article.raw.split()) + split_lines
    assert "best—they’re competing" in article.text
    assert "“Sorry, that’s beyond my current scope. Let’s talk about something else.”" in article.text


def test_seed_003_breaks_restored_and_flagged(articles):
    article = articles["003"]
    table = article.repairs_table()
    assert set(table["rule"]) == {"dropped-sentence-break", "dropped-abbreviation-break", "dropped-paragraph-period"}
    assert "global technology landscape. Since its launch" in article.text
    assert "in the U.S. App Store" in article.text
    assert not re.search(r"\b(?!DeepSeek|OpenAI|ChatGPT)[A-Za-z]*[a-z][A-Z][a-z]+", article.body)


def test_clean_seeds_are_read_as_stored(articles):
    for seed in ("000", "001", "002"):
        assert articles[seed].reading.repairs == []
        assert articles[seed].text == articles[seed].raw

"""Explanations a journalist can read, written from one template per verdict rule.

Every published explanation is three parts, composed here by :func:`explain`:

1. **an opening sentence** (at most :data:`MAX_OPENING_WORDS` words) that says what is right or
   wrong, in the claim's own units and positive magnitudes, from the template of the rule that
   decided the verdict (:data:`TEMPLATES`) filled with the check's structured values
   (:class:`~.numbers.Numbers`: the stated figure, what the evidence measures and its values);
2. **the detail** the check wrote, made reader-facing by :func:`reader_text` (amounts through
   the one formatter, dates in words, no internal ids);
3. **how it was checked**, in plain words, from the same template.

A not-checkable claim gets one short reason instead (:func:`not_checkable_reason`).
:func:`lint` finds what a reader must never see (internal ids and keys, mode tags, negative
ranges, e-notation, word-overlap scores, placeholder dates, search syntax, a long opening);
``tests/test_explanations.py`` runs it on the whole ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .amounts import amount, count
from .numbers import Numbers

MAX_OPENING_WORDS = 45


@dataclass(frozen=True)
class Template:
    """What a rule's explanations open with (per verdict) and how they say the claim was checked.

    ``figures`` is used when the check handed over the numbers ({subject}, {found} and {stated} are
    filled from them); ``plain`` otherwise ({found_clause} is ": the evidence gives ..." when the
    value found is short, else empty)."""

    plain: dict[str, str]
    how: str
    figures: dict[str, str] = field(default_factory=dict)


_FIGURES = {
    "accurate": "{Subject}: {found}, which fits {stated}.",
    "inaccurate": "{Subject}: {found}, not {stated}.",
}

TEMPLATES: dict[str, Template] = {
    "opinion-or-prediction": Template({"not-checkable": "{reason}"}, ""),
    "precision": Template(
        {"accurate": "This is right{found_clause}.", "inaccurate": "This is wrong{found_clause}."},
        "How it was checked: the stated figure, with its rounding and words such as \u201cabout\u201d or \u201cmore than\u201d, "
        "was compared with every value the evidence supports.",
        _FIGURES,
    ),
    "one-scale-for-ratios": Template(
        {"accurate": "The comparison holds{found_clause}.", "inaccurate": "The comparison does not hold{found_clause}.",
         "misleading": "The comparison holds only for a different pair of figures{found_clause}."},
        "How it was checked: the stated comparison and the evidence were both turned into how many times one amount "
        "is the other, with the rounding of the words used.",
        {**_FIGURES, "misleading": "{Subject}: {found}, which fits {stated}, but not the comparison the sentence makes."},
    ),
    "right-figure-wrong-thing": Template(
        {"misleading": "The figure or date is right, but for something other than what the sentence attaches it to{found_clause}."},
        "How it was checked: the stated figure was matched against every figure of the same kind in the evidence, to "
        "find what it really describes.",
        {"misleading": "{Stated} fits {subject} ({found}), not what the sentence attaches it to."},
    ),
    "dates": Template(
        {"accurate": "The date is right{found_clause}.", "inaccurate": "The date is wrong{found_clause}.",
         "unsupported": "The evidence dates it too loosely to confirm or refute the date{found_clause}."},
        "How it was checked: the stated date was read as the days it covers and compared with the date in the evidence.",
    ),
    "events": Template(
        {"accurate": "This is right: the record shows it.", "inaccurate": "This is wrong: the record shows otherwise."},
        "How it was checked: against the record cited with it.",
    ),
    "false-impression": Template(
        {"accurate": "This is right, and the picture it leaves is borne out by the record.",
         "misleading": "The words are true, but they leave a false picture."},
        "How it was checked: both the sentence's words and the picture they leave were compared with the record.",
    ),
    "names": Template(
        {"accurate": "The names are right{found_clause}.", "inaccurate": "Not every name is right{found_clause}."},
        "How it was checked: each name the sentence states was looked for in the evidence.",
    ),
    "quotation": Template(
        {"accurate": "The words are right: the source has the speaker saying them.",
         "inaccurate": "The words quoted are not the source's: they differ in substance.",
         "unsupported": "The words are in the source, but the date given for them cannot be confirmed."},
        "How it was checked: the quoted words were compared with the source's own words.",
    ),
    "attribution": Template(
        {"accurate": "The attribution is right: the source said this.", "inaccurate": "The attribution is wrong: the source did not say this.",
         "misleading": "The source said something narrower or different from what the sentence reports.",
         "unsupported": "No record was found of the source saying this."},
        "How it was checked: what the sentence says the source said was compared with what the source published.",
        _FIGURES,
    ),
    "source-ladder": Template(
        {"accurate": "This is right on every kind of source the book has for it.",
         "inaccurate": "This is wrong on every kind of source the book has for it.",
         "misleading": "The sources support something narrower than what the sentence says.",
         "unsupported": "This is not established: it rests on estimates or reports that the primary record does not bear out."},
        "How it was checked: the claim was tested on each kind of source the book has for it, from the company's own "
        "record to analysts' estimates.",
        {"accurate": "{Stated} fits every figure the book has for {subject} ({found}).",
         "inaccurate": "{Stated} fits none of the figures the book has for {subject} ({found}).",
         "unsupported": "{Stated} fits some of the figures the book has for {subject} ({found}) but not all, so it is not established."},
    ),
    "measured": Template(
        {"accurate": "This is right: the published measurements show it.",
         "inaccurate": "This is wrong: the published measurements show the opposite.",
         "misleading": "The published measurements show this only in part.",
         "unsupported": "No published measurement answers this either way."},
        "How it was checked: against published measurements of the model or service, with their dates.",
    ),
    "status-by-date": Template(
        {"accurate": "This is right{found_clause}.", "inaccurate": "This is wrong{found_clause}.",
         "misleading": "This is true in part but leaves a false picture{found_clause}."},
        "How it was checked: the US export rules in force on the day were applied to the chip's published specifications.",
    ),
    "causal": Template(
        {"accurate": "This is right: the record shows this cause and effect.", "inaccurate": "This is wrong: the record shows otherwise.",
         "misleading": "The record shows a cause, but not the one the sentence names.",
         "unsupported": "No record was found that speaks to this cause either way.",
         "not-checkable": "What would have happened otherwise cannot be checked."},
        "How it was checked: the record was searched for evidence of the mechanism the sentence names.",
    ),
    "generalisation": Template(
        {"accurate": "This is right: it holds without exception{found_clause}.",
         "misleading": "This holds in some cases, not all{found_clause}.", "inaccurate": "This is wrong: it holds in no case{found_clause}."},
        "How it was checked: every case in the evidence was compared with the sweeping statement.",
    ),
    "missing-data": Template(
        {"unsupported": "The data that would decide this is missing, so no verdict either way{found_clause}."},
        "How it was checked: the book's data was searched for the values that would decide it.",
    ),
    "searched-not-found": Template(
        {"unsupported": "No evidence was found either way."},
        "How it was checked: the originals, the wire services and the stored news pages and transcripts were searched.",
        {"unsupported": "No evidence was found either way for {stated} as {subject}."},
    ),
}

# A not-checkable claim's reason, by the label its row gives (or its kind, or the words it uses).
_REASONS = {
    "opinion": "The writer's judgement, not a statement of fact.",
    "recommendation": "A recommendation, what someone should do, not a statement of fact.",
    "speculation": "Speculation about what may be so, not a statement of fact that the record could settle.",
    "open question": "An open question, not a statement of fact.",
    "rhetorical question": "A rhetorical question, not a statement of fact.",
    "prediction": "A prediction: it was about what might happen, so it could not be checked when it was written.",
}


_RECOMMENDS = re.compile(r"\b(?:should|must|ought|need to|needs to|has to|have to)\b", re.IGNORECASE)
_SPECULATES = re.compile(r"\b(?:may|might|could|perhaps|maybe|seems?|appears?|likely|suggests?|probably)\b", re.IGNORECASE)


def _opinion_kind(quote: str) -> str:
    """What kind of opinion a sentence is, from its words: a question, a recommendation, speculation or a judgement."""
    if quote.rstrip().rstrip("\u201d\"'").endswith("?"):
        return "rhetorical question"
    if _RECOMMENDS.search(quote):
        return "recommendation"
    return "speculation" if _SPECULATES.search(quote) else "opinion"


def not_checkable_reason(kind: str, quote: str, note: str = "") -> str:
    """One short reason a claim is not checkable: the row's own note when it says why (a sentence, or
    a label with what it is about: "opinion: a judgement on whether the controls worked"), else what
    kind of sentence it is (a question, a judgement, a prediction)."""
    note = (note or "").strip().rstrip(".")
    label, labelled = kind, False
    for known in sorted(_REASONS, key=len, reverse=True):
        if note.lower().startswith(known):
            label, note, labelled = known, note[len(known):].strip(" :;,"), True
            break
    if label == "opinion":
        label = _opinion_kind(quote)
    reason = _REASONS.get(label, _REASONS["opinion"])
    about = note.removeprefix("(").removesuffix(")").strip()
    if about.lower().startswith(("on ", "about ")):  # "opinion on Nvidia's motive"
        about = f"an opinion {about}"
    if not about or about.lower().startswith("context"):
        return reason
    if not labelled and len(about.split()) > 3:  # the note is a sentence of its own
        return _capital(_sentences(about + ".")[0])
    if label == "prediction":
        sentence = f"A prediction ({about}): it could not be checked when it was written."
    else:
        sentence = f"{_capital(about)}, not a statement of fact."
    return sentence if len(sentence.split()) <= MAX_OPENING_WORDS else reason


# -- making a check's words reader-facing ------------------------------------------------------

_MONTHS = "January February March April May June July August September October November December".split()
_ISO_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})\b")
_YEAR_DOLLARS = re.compile(r"\b((?:19|20)\d\d) USD\b")
_MONEY = re.compile(r"(?<![\w$.,])(\d[\d,]*(?:\.\d+)?)\s?(USD(?:/share|/bbl| per [a-zA-Z ]*?(?:tokens|hour))?)(?![\w/])")
_LONG_NUMBER = re.compile(r"(?<![\w.,])(?<!CIK )(\d{7,}|\d{1,3}(?:,\d{3}){3,})(?:\.\d+)?(?![\w,])")
_SIGNED = re.compile(r"(?<![\w)])([+\-\u2212])(\d[\d,]*(?:\.\d+)?)(%| ?bp\b| percentage points\b| points\b| percent\b)")
_MODE_TAG = re.compile(r"\s*\((?:more-than|at-least|less-than|at-most|just-below|up-to|approximately|as-written|range)\)")
_FACT_IDS = re.compile(r"\s*\((?:see )?facts? [a-z0-9][a-z0-9-]*(?:(?:,| and|, and) [a-z0-9][a-z0-9-]*)*\)")


def _iso_words(match: re.Match) -> str:
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return match.group()
    return f"{day} {_MONTHS[month - 1]} {year}"


def _money_words(match: re.Match) -> str:
    return amount(float(match.group(1).replace(",", "")), match.group(2), 4)


def _signed_words(match: re.Match) -> str:
    sign, number, unit = match.groups()
    return f"{'up' if sign == '+' else 'down'} {number}{'%' if unit == ' percent' else unit}"


def reader_text(text: str) -> str:
    """A check's words as a reader sees them: amounts through the one formatter, ISO dates in
    words, signed moves as "down 1.46%", no mode tags and no fact ids in parentheses."""
    text = _FACT_IDS.sub("", _MODE_TAG.sub("", text or ""))
    text = _MONEY.sub(_money_words, _YEAR_DOLLARS.sub(r"\1 dollars", text))
    text = _LONG_NUMBER.sub(lambda m: count(float(m.group().replace(",", "")), 4), text)
    text = _SIGNED.sub(_signed_words, text)
    return _ISO_DATE.sub(_iso_words, text).strip()


# -- the opening sentence -----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\u201d\"']?\s+(?=[A-Z\u201c\"'(])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def first_sentence(text: str) -> str:
    parts = _sentences(text)
    return parts[0] if parts else ""


def evidence_words(numbers: Numbers) -> str:
    """The evidence's values in words and positive magnitudes: "a fall of 1.46%", "$590bn to $593bn",
    "a fall of 3.46% to a rise of 2.53%"."""
    shown = [v for v in numbers.values if not v.variant] or numbers.values
    low = min(v.low for v in shown)
    high = max(v.high for v in shown)
    digits = 4 if numbers.unit in ("USD/share", "USD/bbl") else 3
    if numbers.reading.value >= 0 and low >= 0:
        return " to ".join(amount(x, numbers.unit, digits) for x in sorted({low, high}))
    moves = "a loss" if numbers.unit.startswith("USD") else "a fall"
    if high <= 0:
        return f"{moves} of " + " to ".join(amount(x, numbers.unit, digits) for x in sorted({-high, -low}))
    rise = "a gain" if numbers.unit.startswith("USD") else "a rise"
    return f"from {moves} of {amount(low, numbers.unit, digits)} to {rise} of {amount(high, numbers.unit, digits)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _found_clause(found: str) -> str:
    found = reader_text(found)
    if not found or found.lower() in ("yes", "no") or len(found.split()) > 14:
        return ""
    return f": the evidence gives {found}"


def opening(rule_id: str, verdict: str, stated: str, found: str, numbers: Numbers | None, reason: str = "") -> str:
    """The first sentence: what is right or wrong, from the rule's template."""
    template = TEMPLATES[rule_id]
    use_figures = numbers is not None and verdict in template.figures and stated
    pattern = template.figures[verdict] if use_figures else template.plain.get(verdict)
    if pattern is None:
        raise LookupError(f"rule {rule_id!r} has no opening for the verdict {verdict!r}")
    values = {"reason": reason, "stated": f"\u201c{stated}\u201d", "Stated": f"\u201c{stated}\u201d",
              "found_clause": _found_clause(found)}
    if use_figures:
        values |= {"subject": numbers.subject, "Subject": _capital(numbers.subject), "found": evidence_words(numbers)}
    return pattern.format(**values)


_LOOKED_FOR = re.compile(r"^No evidence (?:was found )?either way(?: for the claim as made)?\.\s*Looked for:\s*", re.IGNORECASE)


def explain(rule_id: str, verdict: str, detail: str, *, stated: str = "", found: str = "", numbers: Numbers | None = None,
            reason: str = "", first: str = "") -> str:
    """The published explanation: the opening sentence (``first``, when the check wrote one, else the
    rule's template), the detail, and how the claim was checked."""
    first = reader_text(first) if first else opening(rule_id, verdict, stated, found, numbers, reason)
    if verdict == "not-checkable" and rule_id == "opinion-or-prediction":
        return first
    detail = _LOOKED_FOR.sub("Looked for: ", reader_text(detail))
    how = TEMPLATES[rule_id].how
    return " ".join(part for part in (first, detail, how) if part)


# -- what a reader must never see ----------------------------------------------------------------

# words that say which way a verdict went; the opening sentence must hold one for its verdict
DIRECTION_WORDS = {
    "accurate": ("right", "fits", "holds", "borne out", "show"),
    "inaccurate": ("not", "wrong", "differ", "opposite", "none", "no case", "otherwise"),
    "misleading": ("but", "only in part", "false picture", "narrower", "not all", "not what", "different pair"),
    "unsupported": ("no evidence", "no record", "missing", "not established", "cannot", "no published", "too loosely", "not all"),
    "not-checkable": ("not a statement of fact", "speculation", "recommendation", "not a verifiable fact", "not checkable", "not a checkable fact", "could not be checked",
                      "cannot be checked", "judgement", "opinion", "question", "prediction", "forecast", "speculation", "reading",
                      "characterisation", "impression", "framing"),
}

_ARTEFACTS = {
    "a check's name": re.compile(r"\b(?:market|cost|other|censorship|export_controls|common)\.[a-z_]+\b"),
    "a key with underscores": re.compile(r"\b[A-Za-z0-9]+_[A-Za-z0-9_]+\b"),
    "a mode tag": re.compile(r"\((?:more-than|at-least|less-than|at-most|just-below|up-to|as-written)\)|\b(?:as-written|just-below)\b"),
    "a negative range": re.compile(r"[\-\u2212]\s?[$]?\d[\d,.]*\s*(?:bn|m|%)?\s+to\s+[\-\u2212]\s?[$]?\d"),
    "e-notation": re.compile(r"\b\d+(?:\.\d+)?[eE][+\-]?\d+\b"),
    "a number in full": re.compile(r"(?<![\w.,])(?<!CIK )(?:\d{7,}|\d{1,3}(?:,\d{3}){3,})(?![\w,])"),
    "a currency code after a number": re.compile(r"\d\s?(?:USD|GBP|EUR|CNY)\b"),
    "a word-overlap score": re.compile(r"content words|\d+% of the words|overlap (?:score|of)|(?:at least )?\d+% needed", re.IGNORECASE),
    "a placeholder date": re.compile(r"1900-01-01|\b1 January 1900\b"),
    "search syntax": re.compile(r"\bsite:\S|\binurl:|\bintitle:|\"\s(?:AND|OR)\s\"|\bsearch tool\b|\bsearch results?\b", re.IGNORECASE),
}


def lint(text: str, keys: set[str] = frozenset()) -> list[str]:
    """What in ``text`` a reader must never see: each problem named. ``keys`` are the book's internal
    ids (fact ids, table keys) that must not appear as words."""
    problems = [f"{name}: {m.group()!r}" for name, pattern in _ARTEFACTS.items() for m in [pattern.search(text)] if m]
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9]", text))
    problems += [f"an internal id: {key!r}" for key in sorted(keys & words)]
    return problems


def lint_explanation(explanation: str, verdict: str, keys: set[str] = frozenset(), must_name: str = "") -> list[str]:
    """:func:`lint`, and the opening sentence: at most :data:`MAX_OPENING_WORDS` words, with a word for
    the verdict's direction, and naming ``must_name`` (the evidence's figure of an inaccurate claim)."""
    problems = lint(explanation, keys)
    first = first_sentence(explanation)
    if len(first.split()) > MAX_OPENING_WORDS:
        problems.append(f"the opening sentence has {len(first.split())} words (at most {MAX_OPENING_WORDS})")
    if not any(word in first.lower() for word in DIRECTION_WORDS.get(verdict, ())):
        problems.append(f"the opening sentence does not say the claim is {verdict}: {first!r}")
    if must_name and must_name not in first:
        problems.append(f"the opening sentence does not name {must_name!r}: {first!r}")
    return problems


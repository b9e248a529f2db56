"""Checks for the theme ``censorship``: what DeepSeek refuses, withdraws, and how it compares.

They read the curated censorship tables through :mod:`.analysis`:
Censored Planet's app trials (``censorship_cp_outcomes``), r1-moderation's wrappers
(``censorship_wrappers``), SpeechMap (``censorship_speechmap``) and the topic map
(``censorship_topic_map``). Every claim names its chapter section with ``topic=<section>``;
``topics=a,b`` lists the article's topics (slugs of ``censorship.TOPICS``).

The probes ran weeks after the articles (r1-moderation's days are computed from its timestamps,
``censorship_run_dates``; Censored Planet's are :data:`.analysis.CP_CAPTURE_DAYS`); explanations that
rest on them say so.
"""

from __future__ import annotations

from . import analysis as cz
from ..ledger.checks import Claim, Evidence, Finding, Reference, check

CP_KEY, R1_KEY, SM_KEY = "censoredplanet-llm-blocking", "r1-moderation", "speechmap-llm-compliance"


def probe_days(evidence: Evidence) -> str:
    """When the app probes ran, in words: r1-moderation's weights and app runs, and Censored Planet's captures."""
    spans = cz.r1_moderation_spans(evidence.table("censorship_run_dates"))
    return (f"r1-moderation's weights {cz.span_text(*spans['weights'])} and its app runs {cz.span_text(*spans['app'])}, "
            f"Censored Planet {cz.span_text(*cz.CP_CAPTURE_DAYS)}")


def app_probe_spans(evidence: Evidence) -> list[tuple]:
    """The days of the app probes: r1-moderation's weights and app runs, and Censored Planet's captures."""
    spans = cz.r1_moderation_spans(evidence.table("censorship_run_dates"))
    return [spans["weights"], spans["app"], cz.CP_CAPTURE_DAYS]


def date_caveat(claim: Claim, evidence: Evidence, spans: list[tuple] | None = None, days: str | None = None) -> str:
    """The date label of a verdict that rests on probes: "Consistent with probes of <months>" when they ran after the
    article, with when they ran. ``spans`` are (first, last) days, the app probes' by default; ``days`` says them in words."""
    spans = spans if spans is not None else app_probe_spans(evidence)
    days = days or probe_days(evidence)
    day = f"{claim.article_date:%-d %B %Y}" if claim.article_date else "undated"
    if claim.article_date and all(first <= claim.article_date for first, _ in spans):
        return f" The probes ran by the article's date ({days}; the article is dated {day})."
    months = cz.months_text([d for span in spans for d in span])
    return (f" Consistent with probes of {months}, not of the article's week: the article is dated {day}; the probes ran "
            f"later ({days}), and the models or their filters may have changed in between.")


def _tables(evidence: Evidence):
    return evidence.table("censorship_cp_outcomes"), evidence.table("censorship_wrappers"), evidence.table("censorship_topic_map")


def _topics(claim: Claim) -> list[str]:
    text = claim.args.get("topics") or claim.args.get("about", "")
    topics = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in topics if t not in cz.TOPICS]
    if unknown or not topics:
        raise ValueError(f"claim {claim.id}: topics {unknown or '(none)'} not in deepseek_factcheck.censorship.analysis.TOPICS")
    return topics


def _refs(statuses: list[dict]) -> tuple[Reference, ...]:
    refs, keys = [], set()
    for status in statuses:
        for item in status["items"]:
            table = "censorship_cp_outcomes" if item["dataset"] == "censoredplanet" else "censorship_wrappers"
            refs += [Reference(table, row, f"{item['dataset']} item {item['item_id']}") for row in item["rows"]]
            keys.add(CP_KEY if item["dataset"] == "censoredplanet" else R1_KEY)
    return tuple(dict.fromkeys(refs)) + tuple(Reference(key=k) for k in sorted(keys))


@check("censorship.topic_refusal")
def topic_refusal(claim: Claim, evidence: Evidence) -> Finding:
    """DeepSeek's app refuses the named topics (``about=a,b``), judged on the English trials.

    Each topic's trials are pooled over its direct questions (:func:`.analysis.app_topic_status`): ``refused`` if
    at least half were blocked or answered with the weights' own refusal text, ``sometimes``, ``answered`` (never
    blocked) or ``no evidence``. The answered trials are coded for the official line (:func:`.analysis.topic_line`, both rule sets). With ``asserts=refusal-or-line``
    a topic also counts when at least half its answered trials gave the official line. All topics with evidence
    counted (and at least half the topics covered): accurate; some: misleading (right in part, stated across the
    board); none: inaccurate; no topic covered: unsupported.
    """
    outcomes, wrappers, topic_map = _tables(evidence)
    content_table = evidence.table("censorship_cp_content")
    statuses = [cz.app_topic_status(outcomes, wrappers, topic_map, t) for t in _topics(claim)]
    either = claim.args.get("asserts") == "refusal-or-line"
    for s in statuses:
        s["line"] = cz.topic_line(content_table, s)
        answered = s["line"]["answered"]
        if s["status"] != "refused" and s["status"] != "no evidence" and (s["blocked"] + s["line"]["refusal_text"]) * 2 >= s["trials"]:
            s["status"] = "refused"  # the weights' own refusal is a refusal, though no filter fired
        if either and s["status"] != "refused" and answered and s["line"]["line"] * 2 >= answered:
            s["status"] = "official line"
    counted = ("refused", "official line") if either else ("refused",)
    covered = [s for s in statuses if s["status"] != "no evidence"]
    refused = [s for s in covered if s["status"] in counted]
    missing = [s["label"] for s in statuses if s["status"] == "no evidence"]
    detail = " ".join(cz.status_text(s) + "." for s in statuses)
    found = "; ".join(f"{s['label']}: {s['status']}" for s in statuses)
    if not covered:
        topic = ", ".join(s["label"] for s in statuses)
        return Finding("unsupported", "no systematic test", (Reference("censorship_topic_map", 0, "all rows"),),
                       f"No evidence either way. Looked for: a question about {topic} in Censored Planet's 80 questions, "
                       f"r1-moderation's 14, SpeechMap's China requests, promptfoo's 1,360 prompts and deccp's 132; none asks about it.")
    if len(refused) == len(covered) and len(covered) * 2 >= len(statuses):
        verdict = "accurate"
    elif refused:
        verdict = "misleading"
    else:
        verdict = "inaccurate"
    gap = f" No systematic test covers {', '.join(missing)}." if missing else ""
    refused_means = ("at least half its trials, pooled over its questions, were blocked or answered with the model's own "
                     "refusal")
    rule = (f"A topic counts if {refused_means}, or if at least half its answers gave the official line." if either
            else f"A topic counts as refused if {refused_means}.")
    return Finding(verdict, found, _refs(statuses) + (Reference("censorship_cp_content", 0, "all rows"),),
                   f"On DeepSeek's app, English questions: {detail}{gap} {rule} An answer counts as the official line when "
                   f"both of the book's coding rules find the government's wording in it."
                   + date_caveat(claim, evidence))


def _withdrawals(evidence: Evidence, topics: list[str]) -> tuple[list[dict], int, int]:
    outcomes, wrappers, topic_map = _tables(evidence)
    statuses = []
    withdrawn = shown = 0
    for t in topics:
        for language in ("EN", "SI", "TW"):
            s = cz.app_topic_status(outcomes, wrappers, topic_map, t, language)
            if language == "TW":
                s["items"] = [i for i in s["items"] if i["dataset"] == "censoredplanet"]  # r1-moderation has no Traditional Chinese
            statuses.append(s)
            withdrawn += sum(i["withdrawn"] for i in s["items"] if i["dataset"] == "censoredplanet")
            shown += sum(i["withdrawn"] for i in s["items"] if i["dataset"] == "r1_moderation")
    return statuses, withdrawn, shown


@check("censorship.answer_withdrawn")
def answer_withdrawn(claim: Claim, evidence: Evidence) -> Finding:
    """The app deleted a partial answer on a topic (``about=``) and put a canned line in its place.

    Accurate if either app dataset recorded a withdrawal on the topic's questions (Censored
    Planet OUTPUT_BLOCK; r1-moderation text on screen before the canned replacement) and, if the
    claim quotes the replacement line, the line matches the app's canned text.
    """
    topics = _topics(claim)
    statuses, withdrawn, shown = _withdrawals(evidence, topics)
    canned = evidence.table("censorship_canned_texts")
    app_line = canned[(canned["source"] == "censoredplanet-llm-blocking") & (canned["language"] == "EN")].iloc[0]
    quoted_ok = True
    note = ""
    if "beyond my current scope" in claim.quote:
        normal = lambda s: " ".join(s.replace("\u2019", "'").lower().split())
        quoted_ok = normal("Sorry, that's beyond my current scope. Let's talk about something else.") in normal(claim.quote) and \
            normal(app_line["text"]).startswith("sorry, that's beyond my current scope")
        note = f" The line quoted is the app's English replacement text, shown on all {app_line['count']} blocked English trials: “{app_line['text']}”"
    refs = _refs(statuses) + (Reference("censorship_canned_texts", int(app_line["_row"]), "DeepSeek app EN"),)
    label = ", ".join(cz.TOPICS[t] for t in topics)
    found = f"{withdrawn} withdrawn mid-answer (Censored Planet); {shown} replaced after text was on screen (r1-moderation)"
    explanation = (f"On {label}, Censored Planet recorded {withdrawn} trials in which DeepSeek's app streamed part of an answer and then "
                   f"withdrew it, and r1-moderation {shown} runs in which reasoning or answer text was on screen before the canned "
                   f"line replaced it.{note}")
    if withdrawn + shown and quoted_ok:
        verdict = "accurate"
    elif withdrawn + shown:
        verdict = "inaccurate"
        explanation += " The quoted replacement line does not match the app's."
    else:
        verdict = "unsupported"
        explanation += " No withdrawal on this topic was recorded; the specific test the article reports could not be reviewed."
    return Finding(verdict, found, refs, explanation + date_caveat(claim, evidence))


@check("censorship.sensitive_contrast")
def sensitive_contrast(claim: Claim, evidence: Evidence) -> Finding:
    """DeepSeek's app avoids topics sensitive to the CCP: on r1-moderation's questions, the app's
    canned replacement rate on the China-political questions against the other questions (each with
    a Wilson interval); accurate if the intervals do not overlap and the China rate is the higher."""
    wrappers = evidence.table("censorship_wrappers")
    rc, ro = cz.app_cells(wrappers, "china"), cz.app_cells(wrappers, "other")
    outcomes = evidence.table("censorship_cp_outcomes")
    cp = cz.clustered_block_rate(outcomes)
    per_q = cz.block_rates(outcomes[outcomes["service"] == cz.APP], ["query_index"])
    ever = int((per_q["blocked"] > 0).sum())
    verdict = "accurate" if rc["low"] > ro["high"] else "unsupported"
    refs = (Reference("censorship_wrappers", 0, "all rows"), Reference("censorship_cp_outcomes", 0, "all rows"), Reference(key=R1_KEY), Reference(key=CP_KEY))
    return Finding(
        verdict, f"China-political: {cz.rate_text(rc, 'cells replaced')}; other: {cz.rate_text(ro, 'cells replaced')}", refs,
        f"On r1-moderation's questions DeepSeek's app replaced its answer in {cz.rate_text(rc, 'question-and-language cells')} "
        f"on the six China-political questions ({rc['replaced_runs']} of {rc['runs']} runs) and in {cz.rate_text(ro, 'cells')} on the "
        f"eight others; a cell is one question in one language, asked three times, and counts as replaced when most of its runs were. "
        f"On Censored Planet's 80 sensitive questions the app blocked {cp['k']} of {cp['n']} trials ({cp['rate']:.1%}; 95% interval "
        f"{cp['cluster_low']:.1%} to {cp['cluster_high']:.1%}, resampling whole questions), {ever} of {len(per_q)} questions at least "
        f"once: it avoids many such topics, not all." + date_caveat(claim, evidence))


@check("censorship.guardrails_removable")
def guardrails_removable(claim: Claim, evidence: Evidence) -> Finding:
    """Anyone can take the open weights and make a version without the guard rails: a
    post-trained R1 (Perplexity's R1-1776) judged truthful on r1-moderation's China questions in
    English, against the stock R1 through a hosted API. Accurate if the de-censored model is
    truthful on at least five of the six and the stock weights on fewer."""
    wrappers = evidence.table("censorship_wrappers")
    weights = cz.r1_moderation_spans(evidence.table("censorship_run_dates"))["weights"]
    china = wrappers[(wrappers["category"] == "china") & (wrappers["language"] == "en")]
    free = china[china["wrapper"] == "De-censored R1 (R1-1776)"]
    stock = china[china["wrapper"] == "R1, hosted API"]
    t_free, t_stock = int((free["judge"] == "T").sum()), int((stock["judge"] == "T").sum())
    verdict = "accurate" if t_free >= 5 and t_stock < t_free else "inaccurate"
    refs = tuple(Reference("censorship_wrappers", int(r["_row"]), f"{r['model']} Q{r['question_id']}") for _, r in free.iterrows()) + (
        Reference(key=R1_KEY), Reference(key="deepseek-r1-readme"))
    return Finding(
        verdict, f"R1-1776 truthful on {t_free} of {len(free)}; stock R1 on {t_stock} of {len(stock)}", refs,
        f"Perplexity's R1-1776, R1's published weights post-trained by a third party, was judged truthful on {t_free} of the "
        f"{len(free)} China-political questions in English, the stock R1 weights on {t_stock}. What DeepSeek published is the "
        f"model weights under the MIT licence, not its training code or data; the guard rails were removed by further training, "
        f"not by editing code. 'Abliteration' of the distilled models did not remove them: on the same questions in English "
        f"and Chinese, {cz.abliteration_text(cz.wrapper_answers(wrappers))} The labels are r1-moderation's language-model judge's; "
        f"the book's coding rules agree with its party-line labels on most cells (see the censorship chapter)."
        + date_caveat(claim, evidence, [weights], f"r1-moderation ran the weights {cz.span_text(*weights)}"))


@check("censorship.app_crash")
def app_crash(claim: Claim, evidence: Evidence) -> Finding:
    """The app crashes on a prompt: neither app dataset records a crash or error; say what they record instead."""
    outcomes = evidence.table("censorship_cp_outcomes")
    app = outcomes[outcomes["service"] == cz.APP]
    trials = int(app["trials"].sum())
    return Finding(
        "unsupported", "no crash recorded", (Reference("censorship_cp_outcomes", 0, "all rows"), Reference(key=CP_KEY), Reference(key=R1_KEY)),
        f"No evidence either way. Looked for: a crash or error on a prompt combining Tiananmen and the Uyghurs in Censored Planet's "
        f"{trials} DeepSeek app trials and r1-moderation's app runs. Neither asked the combined prompt, and neither records a crash: on "
        f"each topic separately the app refused or withdrew its answer and showed its canned line." + date_caveat(claim, evidence))


@check("censorship.us_apps_compared")
def us_apps_compared(claim: Claim, evidence: Evidence) -> Finding:
    """US apps "do the same kind of thing": SpeechMap's January 2025 compliance with requests to
    criticise the US against China, the EU and Russia for the named US models (``models=``).
    A US model shielding its government would comply less on the US than on the others."""
    speech = evidence.table("censorship_speechmap")
    rates = cz.speechmap_rates(speech)
    table = cz.asymmetry(rates).set_index("model")
    models = [m.strip() for m in claim.args["models"].split(",")]
    shielding = [m for m in models if table.loc[m, "us_gap_points"] < -10]
    r1 = table.loc["deepseek/deepseek-r1"]
    parts = "; ".join(f"{table.loc[m, 'name']}: US {table.loc[m, 'US']:.0%}, China {table.loc[m, 'China']:.0%}, EU {table.loc[m, 'EU']:.0%}, "
                      f"Russia {table.loc[m, 'Russia']:.0%}" for m in models)
    refs = tuple(Reference("censorship_speechmap", int(r["_row"]), f"{r['model']} {r['country']} {r['label']}")
                 for _, r in speech[speech["model"].isin(models)].iterrows()) + (Reference(key=SM_KEY),)
    verdict = "unsupported" if not shielding else "accurate"
    days = cz.run_span(evidence.table("censorship_run_dates"), "speechmap")
    return Finding(
        verdict, parts, refs,
        f"No evidence either way for the claim as made. Looked for: US models refusing to criticise the US government more than "
        f"others (SpeechMap, {cz.span_text(*days)}, share of requests fully complied with): {parts}. None complies markedly less on "
        f"the US, while DeepSeek-R1 complied with {r1['China']:.0%} of requests to criticise China against {r1['US']:.0%} for the US. "
        f"Claude refuses many requests whatever the government: general caution, not a national line. No dataset here tests "
        f"'American political correctness' on social topics, and no US app was tested for withdrawn answers. SpeechMap's requests "
        f"differ from one government to the next, so a gap can come from the requests as well as the model."
        + date_caveat(claim, evidence, [days], f"SpeechMap {cz.span_text(*days)}"))


@check("censorship.data_to_state")
def data_to_state(claim: Claim, evidence: Evidence) -> Finding:
    """Prompts and user details go to servers in China, where the state can reach them: DeepSeek's privacy policy (fact row)."""
    fact = evidence.fact(claim)
    refs = (Reference("facts", fact["_row"], fact["id"]),) + tuple(Reference(key=k.strip()) for k in fact["source"].split(";") if k.strip())
    if fact["status"] != "found":
        return Finding("unsupported", "", refs, f"No evidence was found either way. Looked for: {fact['looked_for']}")
    return Finding(
        "accurate", "stored on servers in the PRC", refs,
        f"The evidence (a secondary report quoting the policy): {fact['statement']} That the government has read any user's data is not "
        f"shown by it; the claim puts that as a purpose, which the policy's storage in China and provision for sharing with "
        f"authorities make possible.")

"""The body/other-parts split, per seed."""

import pytest

from deepseek_factcheck.articles.parts import PARTS, RULES, split_parts


def texts(article, part):
    return [article.text[p.start:p.end] for p in article.parts if p.part == part]


def test_every_character_is_placed_in_exactly_one_part(articles):
    for article in articles.values():
        covered = [0] * len(article.raw)
        for segment in article.segments:
            assert segment.part in PARTS and segment.rule in RULES
            for i in range(segment.start, segment.end):
                covered[i] += 1
        stray = [i for i, c in enumerate(article.raw) if not c.isspace() and covered[i] != 1]
        assert stray == [], f"{article.id}: characters outside exactly one part at {stray[:5]}"


def test_000_zerohedge(articles):
    a = articles["000"]
    assert texts(a, "title") == ["Is ChatCCP A DeepFake"]
    assert texts(a, "byline") == ["By Benjamin Picton, senior macro strategist at Rabobank,"]
    assert texts(a, "feed-footer") == ["Tyler Durden", "Tue, 01/28/2025 – 11:00", "via ZeroHedge News https://ift.tt/ZjTWGFc Tyler Durden"]
    body = texts(a, "body")
    assert body[0].startswith("US stocks fell sharply on Monday")
    assert body[-1].endswith("This is now the land of the quid pro quo.")
    assert "-" in body  # the list markers stay in the body


def test_001_pasted_chatbot_answer_is_not_the_authors_text(articles):
    a = articles["001"]
    body = texts(a, "body")
    assert body[-1].startswith("A quick update to add what DeepSeek has to say")
    quoted = texts(a, "quoted-chatbot-answer")
    assert quoted[0].startswith("It is highly likely that the United States will seek")
    assert quoted[-1].endswith("avoid escalating tensions with China.")
    assert "Conclusion" in quoted


def test_002_counters_and_reply_form(articles):
    a = articles["002"]
    assert texts(a, "counter") == ["0", "36"]
    assert texts(a, "reply-form") == ["LEAVE A REPLY", "Please enter your comment!", "Please enter your name here"]
    assert texts(a, "body")[-1].startswith("But in this time, and age")


def test_003_adverts_furniture_and_form(articles):
    a = articles["003"]
    assert texts(a, "advert") == ["Advertisements"] * 4
    assert texts(a, "page-furniture") == ["alefox"]
    assert texts(a, "reply-form") == ["Leave A Comment"]
    assert texts(a, "body")[0].startswith("The emergence of DeepSeek")


def test_004_paywall_and_comments(articles):
    a = articles["004"]
    assert texts(a, "title") == []  # the file has no headline
    assert texts(a, "body")[0].startswith("Last week, the Chinese AI company DeepSeek released")
    assert texts(a, "body")[-1].endswith("tried to control the technology sector in ill-advised ways.")
    prompts = texts(a, "subscription-prompt")
    assert prompts[0] == "Join the discussion" and prompts[-1] == "Subscribe" and len(prompts) == 5
    comments = texts(a, "comment")
    assert comments[0] == "because bureaucrats in DC tried to control the technology sector in ill-advised ways."
    assert comments[-1].endswith("So this article is perhaps a little naive.")
    assert "\nbecause bureaucrats" in a.text  # the glued line is split in the reading text, and recorded
    assert "joined-lines" in set(a.repairs_table()["rule"])


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("Headline\nBy A Writer\nBody text.", ["title", "byline", "body"]),
        ("Headline\n\n12\n\nBody.\n\nLEAVE A REPLY", ["title", "counter", "body", "reply-form"]),
        ("Body.\nJoin the discussion\nSubscribeFirst comment\nSecond", ["body", "subscription-prompt", "subscription-prompt", "comment", "comment"]),
    ],
)
def test_rules_on_synthetic_pages(raw, parts):
    assert [s.part for s in split_parts(raw, title="Headline")] == parts

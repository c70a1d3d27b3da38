"""Unseen-layout class 4: the block holding most of the text has sibling paragraphs beside it
(an intro, a representative's clause, closing paragraphs) that belong to the policy; link rows
beside it do not. Expected: the policy with its sibling text."""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

from layout_html import blocks_html, chrome, expected_markdown, paragraphs_markdown, sections_html
from layout_texts import CLOSING, CLOSING_DE, ENGLISH, GERMAN, INTRO
from layout_types import LayoutPage

_LINK_ROW = (
    '<div class="more-links"><a href="/terms">Terms of Service</a> · <a href="/cookies">Cookie Policy</a>'
    ' · <a href="/imprint">Imprint</a></div>'
)
# (page body built around the main block, intro paragraphs before it, closing paragraphs after it)
Skin = Callable[[str, random.Random], tuple[str, list[str], list[str]]]


def closing_after_body(main: str, rng: random.Random) -> tuple[str, list[str], list[str]]:
    """Tuning: two closing paragraphs after the policy's own div."""
    closing = CLOSING[:2]
    return f'<div class="wrapper"><div class="policy-body">{main}</div>{blocks_html(closing)}</div>', [], closing


def second_rich_text(main: str, rng: random.Random) -> tuple[str, list[str], list[str]]:
    """Tuning: a page builder's second rich-text block holding the last clause."""
    closing = CLOSING[:1]
    return (f'<article><div class="rich-text">{main}</div><div class="rich-text">{blocks_html(closing)}</div>'
            "</article>", [], closing)  # fmt: skip


def heading_then_links(main: str, rng: random.Random) -> tuple[str, list[str], list[str]]:
    """Evaluation: a paragraph and a closing line after the section, then a row of links."""
    closing = [CLOSING[0], CLOSING[2]]
    return (f'<div id="content"><section class="policy">{main}</section>{blocks_html(closing)}{_LINK_ROW}</div>',
            [], closing)  # fmt: skip


def intro_and_outro(main: str, rng: random.Random) -> tuple[str, list[str], list[str]]:
    """Evaluation: an intro paragraph before the body and a question line after it."""
    closing = ["Questions about this policy? Write to privacy@northwind.example and we will reply within a week."]
    return (f'<div class="container"><p class="intro">{escape(INTRO[0])}</p><div class="body">{main}</div>'
            f"{blocks_html(closing)}</div>", INTRO, closing)  # fmt: skip


def grid_rows(main: str, rng: random.Random) -> tuple[str, list[str], list[str]]:
    """Evaluation: the body deep in a grid row, the closing clauses in the next row."""
    closing = CLOSING[:2]
    return (f'<div class="page"><div class="row"><div class="col-main">{main}</div></div><div class="row">'
            f'<div class="col-main">{blocks_html(closing)}</div></div></div>', [], closing)  # fmt: skip


def german_closing(main: str, rng: random.Random) -> tuple[str, list[str], list[str]]:
    """Evaluation (German): the representative and contact lines after the text, then the date."""
    return (f'<div class="inhalt"><div class="text">{main}</div>{blocks_html(CLOSING_DE)}'
            "<p>Stand: 1. März 2024</p></div>", [], CLOSING_DE)  # fmt: skip


SKINS_TUNING: list[Skin] = [closing_after_body, second_rich_text]
SKINS_EVALUATION: list[Skin] = [heading_then_links, intro_and_outro, grid_rows, german_closing]


def sibling_pages(split: str) -> list[LayoutPage]:
    """The pages of this class for one split, two per arrangement."""
    skins = SKINS_TUNING if split == "tuning" else SKINS_EVALUATION
    pages = []
    for skin in skins:
        for variant in range(2):
            rng = random.Random(f"siblings-{skin.__name__}-{variant}")
            german = skin is german_closing
            title = "Datenschutzerklärung" if german else "Privacy Policy"
            texts = GERMAN if german else ENGLISH
            sections = rng.sample(texts, min(len(texts), rng.choice((7, 9, 11))))
            body, intro, closing = skin(sections_html(sections), rng)
            html = chrome(title, f"<h1>{escape(title)}</h1>{body}", "de" if german else "en")
            expected = expected_markdown(title, [(None, sections)])
            head, _, rest = expected.partition("\n\n")
            expected = f"{head}\n\n{paragraphs_markdown(intro)}{rest}\n{paragraphs_markdown(closing)}"
            pages.append(
                LayoutPage(
                    f"siblings-{skin.__name__}-{variant}", "adjacent_siblings", split, html, expected,
                    "https://www.example.com/privacy", "Northwind Privacy Policy",
                )
            )  # fmt: skip
    return pages

"""Unseen-layout class 2: "layered" policies, where each part carries an overview (a summary,
an "in this section" list of same-page links, a summary table) in tabs or accordions beside the
full text. The expected text is the full text alone."""

from __future__ import annotations

import random
from html import escape

from layout_html import blocks_html, chrome, h_tag
from layout_texts import ENGLISH, GERMAN, SectionText
from layout_types import LayoutPage

_GROUPS = ["The data we handle", "Why and how we use it", "Who else sees it", "Your choices", "Everything else"]
_GROUPS_DE = ["Ihre Daten", "Wie wir sie nutzen", "Ihre Wahl"]
Group = tuple[str, list[SectionText]]


def _groups(rng: random.Random, texts: list[SectionText], names: list[str]) -> list[Group]:
    chosen = rng.sample(texts, min(len(texts), rng.choice((6, 7, 8))))
    size = max(2, len(chosen) // len(names) + (1 if len(chosen) % len(names) else 0))
    runs = [chosen[i : i + size] for i in range(0, len(chosen), size)]
    return list(zip(names, runs, strict=False))


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _full(sections: list[SectionText]) -> str:
    return "".join(f'<h3 id="{_slug(h)}">{escape(h)}</h3>{blocks_html(b)}' for h, _, b in sections)


def _links(sections: list[SectionText]) -> str:
    return "<ul>" + "".join(f'<li><a href="#{_slug(h)}">{escape(h)}</a></li>' for h, _, _ in sections) + "</ul>"


def summary_boxes(i: int, name: str, sections: list[SectionText]) -> str:
    """Tuning: a summary box and an "In this section" list above the full text."""
    summary = " ".join(s for _, s, _ in sections)
    return (
        f'<section id="part-{i}">{h_tag(name, 2)}<div class="layer-summary"><p><strong>In short:</strong> '
        f'{escape(summary)}</p></div><div class="in-this-section"><p>In this section</p>{_links(sections)}</div>'
        f'<div class="layer-full">{_full(sections)}</div></section>'
    )


def aria_tabs(i: int, name: str, sections: list[SectionText]) -> str:
    """Tuning: ARIA tabs, "Summary" shown, "Full text" hidden until chosen."""
    summary = "".join(f"<li>{escape(s)}</li>" for _, s, _ in sections)
    return (
        f'{h_tag(name, 2)}<div class="tabs"><div role="tablist"><button role="tab" id="tab-s-{i}" '
        f'aria-controls="panel-s-{i}" aria-selected="true">Summary</button><button role="tab" id="tab-f-{i}" '
        f'aria-controls="panel-f-{i}">Full text</button></div><div role="tabpanel" id="panel-s-{i}" '
        f'aria-labelledby="tab-s-{i}"><ul>{summary}</ul></div><div role="tabpanel" id="panel-f-{i}" '
        f'aria-labelledby="tab-f-{i}" hidden>{_full(sections)}</div></div>'
    )


def glance_details(i: int, name: str, sections: list[SectionText]) -> str:
    """Evaluation: a <details> "At a glance" summary table before the full text."""
    rows = "".join(f"<tr><td>{escape(h)}</td><td>{escape(s)}</td></tr>" for h, s, _ in sections)
    return (
        f'{h_tag(name, 2)}<details class="glance"><summary>At a glance</summary><table><tr><th>Topic</th>'
        f"<th>What it means for you</th></tr>{rows}</table></details>{_full(sections)}"
    )


def key_points(i: int, name: str, sections: list[SectionText]) -> str:
    """Evaluation: an aside of key points and an "On this page" list, then the full text."""
    points = "".join(f"<li>{escape(s)}</li>" for _, s, _ in sections)
    return (
        f'<div class="policy-part">{h_tag(name, 2)}<aside class="key-points"><h4>Key points</h4><ul>{points}'
        f'</ul></aside><div class="jump"><span>On this page:</span>{_links(sections)}</div>{_full(sections)}</div>'
    )


def class_tabs(i: int, name: str, sections: list[SectionText]) -> str:
    """Evaluation: tabs made of classes and same-page links; the full text hidden by style."""
    summary = " ".join(s for _, s, _ in sections)
    return (
        f'{h_tag(name, 2)}<ul class="tab-nav"><li class="active"><a href="#ov-{i}">Overview</a></li>'
        f'<li><a href="#full-{i}">Full text</a></li></ul><div class="tab-content"><div class="tab-pane active" '
        f'id="ov-{i}"><p>{escape(summary)}</p></div><div class="tab-pane" id="full-{i}" style="display: none">'
        f"{_full(sections)}</div></div>"
    )


def german_accordion(i: int, name: str, sections: list[SectionText]) -> str:
    """Evaluation (German): a "Kurz gesagt" box, "In diesem Abschnitt" links, collapsed full text."""
    summary = " ".join(s for _, s, _ in sections)
    return (
        f'{h_tag(name, 2)}<div class="kurzfassung"><p><b>Kurz gesagt:</b> {escape(summary)}</p></div>'
        f'<div class="abschnitt-links"><p>In diesem Abschnitt</p>{_links(sections)}</div>'
        f'<button aria-expanded="false" aria-controls="acc-{i}">Mehr lesen</button>'
        f'<div id="acc-{i}" class="accordion-body collapse" aria-hidden="true">{_full(sections)}</div>'
    )


SKINS_TUNING = [summary_boxes, aria_tabs]
SKINS_EVALUATION = [glance_details, key_points, class_tabs, german_accordion]


def _expected(title: str, groups: list[Group]) -> str:
    lines = [f"# {title}", ""]
    for name, sections in groups:
        lines += [f"## {name}", ""]
        for heading, _, blocks in sections:
            lines += [f"### {heading}", ""]
            for block in blocks:
                lines += [*(f"- {item}" for item in block), ""] if isinstance(block, list) else [block, ""]
    return "\n".join(lines).strip() + "\n"


def _contents(variant: int, groups: list[Group]) -> str:
    """One table of contents for the whole page, before its first part: an ``ol`` of links to
    the sections (variant 0), or numbered lines of links between ``<br>``s (variant 1)."""
    sections = [heading for _, part in groups for heading, _, _ in part]
    if variant == 0:
        return "<ol>" + "".join(f'<li><a href="#{_slug(h)}">{escape(h)}</a></li>' for h in sections) + "</ol>"
    lines = (f'{n}. <a href="#{_slug(h)}">{escape(h.upper())}</a>' for n, h in enumerate(sections, 1))
    return f'<p class="toc">{"<br>".join(lines)}</p>'


def contents_pages() -> list[LayoutPage]:
    """Tuning (written with the rule, issue 16 part 5): a single table of contents and no other
    overview, the full text after it; the contents list is navigation, not policy text."""
    pages = []
    for variant in range(2):
        rng = random.Random(f"layered-single_contents-{variant}")
        groups = _groups(rng, ENGLISH, _GROUPS)
        body = "".join(f"{h_tag(name, 2)}{_full(sections)}" for name, sections in groups)
        intro = "<p>This policy explains how Northwind handles your data.</p>"
        main = f'<main class="policy"><h1>Privacy Policy</h1>{intro}{_contents(variant, groups)}{body}</main>'
        expected = _expected("Privacy Policy", groups).replace(
            "\n\n", "\n\nThis policy explains how Northwind handles your data.\n\n", 1
        )
        pages.append(
            LayoutPage(
                f"layered-single_contents-{variant}", "layered", "tuning", chrome("Privacy Policy", main), expected,
                "https://www.example.com/legal/privacy", "Northwind Privacy Policy",
            )
        )  # fmt: skip
    return pages


def layered_pages(split: str) -> list[LayoutPage]:
    """The pages of this class for one split, two per overview kind."""
    skins = SKINS_TUNING if split == "tuning" else SKINS_EVALUATION
    pages = []
    for skin in skins:
        for variant in range(2):
            rng = random.Random(f"layered-{skin.__name__}-{variant}")
            german = skin is german_accordion
            title = "Datenschutzerklärung" if german else "Privacy Policy"
            groups = _groups(rng, GERMAN if german else ENGLISH, _GROUPS_DE if german else _GROUPS)
            intro = "<p>Each part starts with an overview; the full text follows it.</p>" if variant else ""
            body = "".join(skin(i, name, sections) for i, (name, sections) in enumerate(groups))
            html = chrome(title, f'<main class="policy"><h1>{escape(title)}</h1>{intro}{body}</main>',
                          "de" if german else "en")  # fmt: skip
            expected = _expected(title, groups)
            if intro:
                intro_text = "Each part starts with an overview; the full text follows it."
                expected = expected.replace("\n\n", f"\n\n{intro_text}\n\n", 1)
            pages.append(
                LayoutPage(
                    f"layered-{skin.__name__}-{variant}", "layered", split, html, expected,
                    "https://www.example.com/legal/privacy", "Northwind Privacy Policy",
                )
            )  # fmt: skip
    return [*pages, *contents_pages()] if split == "tuning" else pages

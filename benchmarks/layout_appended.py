"""Unseen-layout class 3: a second document appended in the same container as the policy (a
cookie notice, a state-residents notice), starting with a pseudo-heading or an anchor naming
another document type. Expected: a part boundary there; a document of another kind than the
tracked one (a cookie notice under a privacy policy) is not the policy, a privacy notice for
state residents is a part of its own."""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

from layout_html import chrome, expected_markdown, sections_html
from layout_texts import COOKIE_NOTICE, ENGLISH, FRENCH, STATE_NOTICE, SectionText
from layout_types import LayoutPage

_COOKIES_FR: list[SectionText] = [
    ("Qu'est-ce qu'un cookie", "", [
        "Un cookie est un petit fichier texte déposé sur votre terminal lors de la visite d'un site.",
    ]),
    ("Gérer vos cookies", "", [
        "Vous pouvez modifier vos choix à tout moment depuis le lien « Gérer les cookies » en bas de page.",
    ]),
]  # fmt: skip

# (opening markup of the appended document, its title, its sections, its heading level, kept?)
Appendix = tuple[str, str, list[SectionText], int, bool]


def bold_caps_cookie(rng: random.Random) -> Appendix:
    """Tuning: an all-caps bold paragraph opens a cookie notice with h2 sections."""
    return "<p><strong>COOKIE NOTICE</strong></p>", "COOKIE NOTICE", COOKIE_NOTICE, 2, False


def anchored_state(rng: random.Random) -> Appendix:
    """Tuning: an anchor and a bold line open a state-residents notice with h3 sections."""
    title = "Supplemental Notice for California Residents"
    return f'<p><a id="california-notice"></a><b>{title}</b></p>', title, STATE_NOTICE, 3, True


def id_named_cookie(rng: random.Random) -> Appendix:
    """Evaluation: an element whose id names a cookie statement, its title a plain styled line."""
    return ('<div id="cookie-statement"><p class="doc-title">Cookie Statement</p></div>', "Cookie Statement",
            COOKIE_NOTICE, 2, False)  # fmt: skip


def caps_state(rng: random.Random) -> Appendix:
    """Evaluation: an ALL-CAPS plain line opens a state notice with h3 sections."""
    title = "SUPPLEMENTAL PRIVACY NOTICE FOR U.S. STATE RESIDENTS"
    return f"<p>{title}</p>", title, STATE_NOTICE, 3, True


def bold_cookie_policy(rng: random.Random) -> Appendix:
    """Evaluation: a bold "Cookies Policy" line, then h2 sections like the policy's own."""
    return "<p><b>Cookies Policy</b></p>", "Cookies Policy", COOKIE_NOTICE, 2, False


def french_named_anchor(rng: random.Random) -> Appendix:
    """Evaluation (French): a named anchor and a bold line open a cookie policy."""
    title = "Politique relative aux cookies"
    return f'<a name="politique-cookies"></a><p><strong>{title}</strong></p>', title, _COOKIES_FR, 2, False


SKINS_TUNING: list[Callable[[random.Random], Appendix]] = [bold_caps_cookie, anchored_state]
SKINS_EVALUATION: list[Callable[[random.Random], Appendix]] = [
    id_named_cookie, caps_state, bold_cookie_policy, french_named_anchor,
]  # fmt: skip


def appended_pages(split: str) -> list[LayoutPage]:
    """The pages of this class for one split, two per kind of opening."""
    skins = SKINS_TUNING if split == "tuning" else SKINS_EVALUATION
    pages = []
    for skin in skins:
        for variant in range(2):
            rng = random.Random(f"appended-{skin.__name__}-{variant}")
            opening, part_title, part_sections, part_level, kept = skin(rng)
            french = skin is french_named_anchor
            title = "Politique de confidentialité" if french else "Privacy Policy"
            texts = FRENCH if french else ENGLISH
            sections = rng.sample(texts, min(len(texts), rng.choice((5, 6, 7))))
            policy = f"<h1>{escape(title)}</h1>" + sections_html(sections)
            appendix = opening + sections_html(part_sections, level=part_level)
            container = "article" if variant else 'div class="legal-text"'
            body = f"<{container}>{policy}{appendix}</{container.split()[0]}>"
            parts = [(None, sections)] + ([(part_title, part_sections)] if kept else [])
            pages.append(
                LayoutPage(
                    f"appended-{skin.__name__}-{variant}", "appended_document", split,
                    chrome(title, body, "fr" if french else "en"), expected_markdown(title, parts),
                    "https://www.example.com/privacy-policy", "Northwind Privacy Policy",
                )
            )  # fmt: skip
    return pages

"""Unseen-layout class 1: a consent manager's preferences panel (a plain ``div``, not a dialog,
holding a full cookie table, larger than a banner) kept beside a short policy. The expected
text is the policy alone."""

from __future__ import annotations

import random
from html import escape

from layout_html import chrome, cookie_table, expected_markdown, sections_html
from layout_texts import CATEGORIES, COOKIE_ROWS, ENGLISH, FRENCH
from layout_types import LayoutPage

_HEADER = ("Cookie", "Provider", "Purpose", "Expiry")


def _policy(rng: random.Random, texts: list, count: int) -> list:
    return rng.sample(texts, count)


def _wrap(panel: str, policy: str, where: str) -> str:
    if where == "before":
        return panel + f'<div class="page-content">{policy}</div>'
    if where == "inside":
        return f'<div class="container">{policy}{panel}</div>'
    return f'<div class="page-content">{policy}</div>' + panel


def onetrust_like(rng: random.Random, where: str) -> tuple[str, str]:
    """Tuning: a preference centre with switches, "Always Active" and a cookie list."""
    categories = "".join(
        f'<div class="ot-accordion-layout ot-cat-item"><h4 class="ot-cat-header">{escape(name)}</h4>'
        + (
            '<div class="ot-always-active">Always Active</div>'
            if i == 0
            else '<input type="checkbox" class="category-switch-handler">'
        )
        + f'<p class="ot-category-desc">{escape(text)}</p></div>'
        for i, (name, text) in enumerate(CATEGORIES)
    )
    panel = (
        '<div id="onetrust-pc-sdk" class="otPcCenter ot-fade-in"><div class="ot-pc-header"></div>'
        '<h2 id="ot-pc-title">Privacy Preference Center</h2><div id="ot-pc-desc">When you visit any website, '
        "it may store or retrieve information on your browser, mostly in the form of cookies.</div>"
        '<button id="accept-recommended-btn-handler">Allow All</button><h3>Manage Consent Preferences</h3>'
        f'{categories}<h3 id="ot-lst-title">Cookie List</h3>{cookie_table(COOKIE_ROWS, _HEADER, "ot-host-lst")}'
        '<div class="ot-pc-footer"><button class="ot-pc-refuse-all-handler">Reject All</button>'
        '<button class="save-preference-btn-handler">Confirm My Choices</button></div></div>'
    )
    return panel, where


def preferences_div(rng: random.Random, where: str) -> tuple[str, str]:
    """Tuning: a home-made preferences box with ARIA switches and tables per category."""
    parts = []
    for name, text in CATEGORIES:
        rows = rng.sample(COOKIE_ROWS, 7)
        parts.append(
            f'<div class="cookie-preferences__category"><h3>{escape(name)}</h3><p>{escape(text)}</p>'
            '<label class="switch"><input type="checkbox" role="switch" aria-checked="false"></label>'
            f"{cookie_table(rows, _HEADER)}</div>"
        )
    panel = (
        '<div class="cookie-preferences" id="cookie-preferences"><h2>Your cookie preferences</h2>'
        "<p>Choose which cookies we may use. You can change your mind at any time.</p>"
        + "".join(parts)
        + '<button class="btn">Accept all</button><button class="btn">Save preferences</button></div>'
    )
    return panel, where


def cookiebot_like(rng: random.Random, where: str) -> tuple[str, str]:
    """Evaluation: consent / details / about tabs, level checkboxes, detail tables."""
    details = "".join(
        f'<div class="CybotCookiebotDialogDetailBodyContentCookieContainerTypes"><h3>{escape(name)} '
        f"({len(COOKIE_ROWS) // 4})</h3><p>{escape(text)}</p>"
        f"{cookie_table(COOKIE_ROWS[i::4], ('Name', 'Provider', 'Purpose', 'Expiry'))}</div>"
        for i, (name, text) in enumerate(CATEGORIES)
    )
    levels = "".join(
        '<label><input type="checkbox" class="CybotCookiebotDialogBodyLevelButton"'
        f"{' checked disabled' if i == 0 else ''}>"
        f"{escape(name.split()[0])}</label>"
        for i, (name, _) in enumerate(CATEGORIES)
    )
    panel = (
        '<div id="CybotCookiebotDialog" class="CybotEdge"><div id="CybotCookiebotDialogNav">'
        '<a href="#" class="CybotCookiebotDialogNavItemLink">Consent</a><a href="#">Details</a>'
        '<a href="#">About</a></div><div id="CybotCookiebotDialogBody"><h2>This website uses cookies</h2>'
        "<p>We use cookies to personalise content and ads, to provide social media features and to analyse "
        f'our traffic.</p><div class="CybotCookiebotDialogBodyLevelWrapper">{levels}</div>'
        f'<div id="CybotCookiebotDialogDetail">{details}</div><div id="CybotCookiebotDialogAbout"><p>Cookies '
        "are small text files that can be used by websites to make a user's experience more efficient.</p>"
        '</div></div><div id="CybotCookiebotDialogFooter"><button>Deny</button><button>Allow selection</button>'
        "<button>Allow all</button></div></div>"
    )
    return panel, where


def didomi_like(rng: random.Random, where: str) -> tuple[str, str]:
    """Evaluation: purposes with agree/disagree buttons and a vendor list with its cookies."""
    purposes = "".join(
        f'<div class="didomi-consent-popup-data-processing"><span class="didomi-purpose-title">{escape(name)}'
        f'</span><p>{escape(text)}</p><div class="didomi-components-radio"><button>Disagree</button>'
        "<button>Agree</button></div></div>"
        for name, text in CATEGORIES
    )
    vendors = cookie_table(COOKIE_ROWS, ("Cookie", "Vendor", "Purpose", "Duration"), "didomi-vendor-cookies")
    panel = (
        '<div class="didomi-popup-container"><div class="didomi-consent-popup-preferences">'
        '<div class="didomi-consent-popup-header">Manage my preferences</div><p>You can set your consent '
        "preferences and decide how your data is used for each of the purposes below.</p>"
        f'{purposes}<div class="didomi-consent-popup-vendors"><h3>Our partners</h3>{vendors}</div>'
        '<div class="didomi-consent-popup-actions"><button>Disagree to all</button><button>Agree to all'
        "</button><button>Save</button></div></div></div>"
    )
    return panel, where


def generic_cmp(rng: random.Random, where: str) -> tuple[str, str]:
    """Evaluation: a CMP settings panel with labelled checkboxes and one long table."""
    boxes = "".join(
        f'<li><label><input type="checkbox"{" checked disabled" if i == 0 else ""}> {escape(name)}</label>'
        f"<p>{escape(text)}</p></li>"
        for i, (name, text) in enumerate(CATEGORIES)
    )
    panel = (
        '<div id="cmp-settings" class="cmp-panel cmp-panel--open"><h2>Privacy settings</h2><p>We and our '
        f'partners use cookies and similar technologies.</p><ul class="cmp-purposes">{boxes}</ul>'
        f"<h3>All cookies</h3>{cookie_table(COOKIE_ROWS, _HEADER)}"
        '<div class="cmp-actions"><a href="#" role="button" class="cmp-accept">Accept all</a>'
        '<a href="#" role="button" class="cmp-reject">Reject all</a><button>Save choices</button></div></div>'
    )
    return panel, where


def tarteaucitron_like(rng: random.Random, where: str) -> tuple[str, str]:
    """Evaluation (French): per-service allow/deny buttons and a cookie table."""
    services = "".join(
        f'<li class="tarteaucitronLine"><div class="tarteaucitronName"><span>{escape(row[1])}</span>'
        f'<span class="tarteaucitronListCookies">{escape(row[0])} : {escape(row[2])}</span></div>'
        '<button class="tarteaucitronAllow">Autoriser</button><button class="tarteaucitronDeny">Interdire'
        "</button></li>"
        for row in COOKIE_ROWS
    )
    panel = (
        '<div id="tarteaucitronRoot"><div id="tarteaucitron"><div id="tarteaucitronServices">'
        '<div class="tarteaucitronMainLine"><span>Panneau de gestion des cookies</span>'
        '<button id="tarteaucitronAllAllowed">Tout accepter</button><button id="tarteaucitronAllDenied">'
        "Tout refuser</button></div><p>En autorisant ces services tiers, vous acceptez le dépôt et la lecture "
        f"de cookies et l'utilisation de technologies de suivi.</p><ul>{services}</ul>"
        f"{cookie_table(COOKIE_ROWS, ('Cookie', 'Service', 'Finalité', 'Durée'))}</div></div></div>"
    )
    return panel, where


PANELS_TUNING = [onetrust_like, preferences_div]
PANELS_EVALUATION = [cookiebot_like, didomi_like, generic_cmp, tarteaucitron_like]


def consent_pages(split: str) -> list[LayoutPage]:
    """The pages of this class for one split, two per panel kind (panel placed differently)."""
    panels = PANELS_TUNING if split == "tuning" else PANELS_EVALUATION
    pages = []
    for panel_maker in panels:
        for variant, where in enumerate(("after", "before" if split == "tuning" else "inside")):
            rng = random.Random(f"consent-{panel_maker.__name__}-{variant}")
            french = panel_maker is tarteaucitron_like
            title = "Politique de confidentialité" if french else "Privacy Policy"
            sections = _policy(rng, FRENCH if french else ENGLISH, 3 if french else rng.choice((3, 4)))
            panel, where = panel_maker(rng, where)
            policy = f"<h1>{escape(title)}</h1>" + sections_html(sections)
            html = chrome(title, _wrap(panel, policy, where), "fr" if french else "en")
            pages.append(
                LayoutPage(
                    f"consent-{panel_maker.__name__}-{variant}", "consent_panel", split, html,
                    expected_markdown(title, [(None, sections)]),
                    "https://www.example.com/privacy", "Northwind Privacy Policy",
                )
            )  # fmt: skip
    return pages

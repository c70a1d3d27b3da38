"""The rules read their candidates from one listing of the page's elements (``tree.attributed``,
issue 20): after every rule, the listed elements still in the tree that a rule's test accepts
are exactly what that rule's own XPath search of the tree would find then."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tracker.extract import body, html, layout, linked_emails, noise
from tracker.extract.body import Sizes, measure
from tracker.extract.tree import Element, Listed, attached, attributed, first, parse_html

DATA = Path(__file__).parent / "data"

# (the test a rule reads its candidates by, the XPath search it replaces, whether ``root`` itself
# counts); each test accepts what the search's predicate does, except the noise test: only some
NOISE = "descendant::*[@class or @id or @role or @hidden or @aria-hidden or @style]"
RULES: list[tuple[Callable[[Element, list[str]], bool], str, bool]] = [
    (
        layout._is_control,
        "descendant-or-self::*[@aria-controls] | descendant-or-self::a[starts-with(@href, '#')]",
        True,
    ),
    (layout._is_hiding, "descendant-or-self::*[@hidden or @aria-hidden or @style]", True),
    (layout._has_class_or_id, "descendant::*[@class or @id]", False),
    (layout._is_anchor, "descendant-or-self::*[@id] | descendant-or-self::a[@name]", True),
    (lambda tag, names: noise._noise_sign(tag, names) > 0, NOISE, False),
    (
        linked_emails._is_email_link,
        "descendant::a[starts-with(translate(normalize-space(@href), 'MAILTO', 'mailto'), 'mailto:')"
        " or contains(@href, '/cdn-cgi/l/email-protection#')]",
        False,
    ),
]
MAIN = "descendant::*[self::main or @role='main' or self::article]"

EDGES = """<html><head><title>Edges</title></head><body>
<main><p>Main without attributes.</p></main><article id="a1"><p>An article.</p></article>
<div role="main"><p>A box in the main role.</p></div>
<div class="cookie-consent"><a id="cookie-notice"></a><p>Cookie Notice</p>
  <input type="checkbox" role="switch"><input type="checkbox" role="switch">
  <a href="mailto:inside@panel.example">write</a><span class="share">share</span></div>
<nav><a href="mailto:nav@example.example">nav</a><a name="terms-of-use">x</a></nav>
<p><a href="  MaIlTo:upper@example.example">upper</a> <a href="\u00a0mailto:nbsp@example.example">nbsp</a>
<a href="mail to:space@example.example">space</a> <a href=" \t\nmailto:tab@example.example">tab</a>
<a href="/cdn-cgi/l/email-protection#4f2a">cf</a> <a href="#">hash</a> <a href="#sec">same page</a>
<a href="mailto">bare</a> <A HREF="MAILTO:caps@example.example">caps</A> <a>no target</a></p>
<div hidden class="tab-pane" id="p1"><p>Hidden panel text.</p></div>
<div style="display:none" aria-hidden="false"><p>Styled away.</p></div>
<button aria-controls="p1 p2">Open</button><span aria-controls="">empty control</span>
<div class="summary"><p>In short</p><div class="promo" id="inner"><a href="mailto:o@v.example">o</a></div></div>
<div class="summary"><p>In short</p><p>Second overview.</p></div>
<div id="privacy-policy"><h2>Privacy Policy</h2><p>The policy's own text, long enough to be the body of it.</p></div>
</body></html>"""


def _pages() -> list[str]:
    pages = [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted(DATA.glob("corpus/*/snapshots/*.html.gz"))
    ]
    return [*pages[::3], *(p.read_text() for p in sorted(DATA.glob("layouts/*.html"))), EDGES]


def _check(root: Element, listed: Listed, stage: str) -> None:
    """Each rule's test, given the attribute names as listed, accepts the listed elements still in
    the tree that the rule's search finds now (and the noise test, those of them it accepts given
    the names they have now); and no element has gained an attribute but the rules' own mark."""
    for element, names in listed:
        assert set(element.keys()) - {layout.PART_OPENING} <= set(names), stage
    for accepts, search, itself in RULES:
        found = [e for e, names in listed if (itself or e is not root) and attached(e, root) and accepts(e, names)]
        assert found == [e for e in etree.XPath(search)(root) if accepts(e, e.keys())], (stage, search)


PAGES = _pages()


@pytest.mark.parametrize("index", range(len(PAGES)))
def test_the_listed_candidates_are_what_each_search_finds_after_every_rule(index: int) -> None:
    root = parse_html(PAGES[index])
    assert root is not None
    listed = attributed(root)
    _check(root, listed, "listed")
    controls = layout.show_disclosed_panels(root, listed)
    _check(root, listed, "disclosed panels")
    layout.remove_overviews(root, controls)
    _check(root, listed, "overviews")
    layout.remove_consent_panels(root, listed)
    _check(root, listed, "consent panels")
    layout.mark_part_openings(root, listed)
    _check(root, listed, "part openings")
    noise.remove_noise(root, listed)
    _check(root, listed, "noise")
    linked_emails.reveal_linked_emails(root, html._BLOCK_TAGS, listed)
    page_body = first(root, "body")
    start = root if page_body is None else page_body
    sizes: Sizes = {}
    measure(start, sizes)
    mains = [c for c, names in listed if body._is_main_candidate(c, names) and c is not start and c in sizes]
    assert mains == etree.XPath(MAIN)(start)


def test_each_test_accepts_what_its_xpath_predicate_accepts_on_every_element() -> None:
    checked = 0
    for page in PAGES:
        root = parse_html(page)
        assert root is not None
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for accepts, search, _ in [*RULES, (body._is_main_candidate, MAIN, False)]:
                own = " | ".join(f"self::{part.strip().split('::', 1)[1]}" for part in search.split(" | "))
                matches = bool(etree.XPath(own)(element))
                if search == NOISE:
                    assert matches or not accepts(element, element.keys()), etree.tostring(element)[:80]
                else:
                    assert accepts(element, element.keys()) == matches, (search, etree.tostring(element)[:80])
                checked += 1
    assert checked > 10_000


def test_the_edge_page_exercises_every_test() -> None:
    root = parse_html(EDGES)
    assert root is not None
    links = [a.text for a in root.iter("a") if linked_emails._is_email_link(a, a.keys())]
    assert links == ["write", "nav", "upper", "tab", "cf", "caps", "o"]  # not nbsp, space, bare, hash
    document = html.html_blocks(EDGES.encode(), "text/html; charset=utf-8", (), (), "edges")
    texts = " ".join(block.text for block in document[0])
    assert "inside@panel.example" not in texts and "Cookie Notice" not in texts  # the panel went first
    assert "upper (upper@example.example)" in texts and "nbsp@example.example" not in texts

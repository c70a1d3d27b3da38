"""The fast paths of HTML extraction (issue 20) give the answers of the plain code they replace.

Each cheaper reading is checked against the straightforward one on inputs chosen to break it:
names with letters that fold case outside ASCII, keywords in every case, text sizes around
comments and dropped boxes, white space between blocks, dates outside the chosen body.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from tracker.extract import dates
from tracker.extract.body import Sizes, measure
from tracker.extract.document import extract
from tracker.extract.layout import _CONSENT_NAMES, _DOCUMENT_ANCHOR, _NOT_A_PANEL, _PANEL_NAMES
from tracker.extract.names import NamePattern
from tracker.extract.noise import _NOISE_WORDS
from tracker.extract.tree import drop, kids, parse_html

NAMES = [
    "cookie-banner",
    "COOKIE-BANNER",
    "Cookie-Consent-Modal",
    "coo\u212aie-banner",  # KELVIN SIGN: re.IGNORECASE reads it as k
    "\u017fhare-buttons",  # LATIN SMALL LETTER LONG S: read as s
    "ſocial",
    "SIDEBAR main",
    "policy-text  tab-Pane",
    "Privacy-Settings",
    "privacysettings",
    "résidents-notice",
    "Erklärung",
    "ERKLÄRUNG",
    "x-cmp-y",
    "CMP_box",
    "plain content",
    "",
    "  ",
]


@pytest.mark.parametrize("pattern", [_NOISE_WORDS, _CONSENT_NAMES, _DOCUMENT_ANCHOR, _PANEL_NAMES, _NOT_A_PANEL])
def test_a_name_pattern_answers_as_re_ignorecase_does(pattern: NamePattern) -> None:
    folding = re.compile(pattern.pattern, re.IGNORECASE)
    answers = {name: pattern.search(name) for name in NAMES}
    assert answers == {name: folding.search(name) is not None for name in NAMES}


def test_the_fast_path_sees_what_only_case_folding_finds() -> None:
    consent = NamePattern("cookie")
    assert consent.search("COOKIE-wall") and consent.search("coo\u212aie-wall")  # ASCII, then folded
    assert not consent.search("cooki-e")


def test_a_name_pattern_written_with_capitals_is_refused() -> None:
    with pytest.raises(ValueError, match="lower case"):
        NamePattern("Cookie")


def _every_character() -> str:
    return "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)


def test_the_case_sets_opening_keyword_groups_are_all_that_ignorecase_matches() -> None:
    everything = _every_character()
    for letter in "abcdefghijklmnopqrstuvwxyzàäèéü":
        folded = set(re.findall(re.escape(letter), everything, re.IGNORECASE))
        assert folded == {letter, letter.upper(), *dates._EXTRA_FOLDS.get(letter, "")}, letter


def test_keywords_grouped_by_first_letter_match_where_the_plain_alternation_does() -> None:
    plain = re.compile(
        rf"\b(?:{dates._KEYWORDS})\b\s*(?:[:\-–—]|is|on|le|am)?\s*(?:[:\-–—]\s*)?",
        re.IGNORECASE,
    )
    keywords = [
        "Last Updated On: 19 June 2024", "LAST MODIFIED 5th March 2023", "last revised on - 2021",
        "Updated January 5, 2023", "effective date of this policy: 2024-01-01", "Effective as of 1 May 2022",
        "EFFECTIVE FROM 2020", "date of last revision 2019", "Version dated 2018", "version du 3 mai 2021",
        "Dernière mise à jour le 5 janvier 2023", "mis à jour le 2022", "mise a jour : 2021",
        "En vigueur depuis le 1er mars 2020", "en vigueur à compter du 2 mai 2021",
        "date d’entrée en vigueur 2019", "Zuletzt geändert am 1. Mai 2023", "Stand: 5. Januar 2023",
        "ſtand 2020", "gültig ab 2021", "GULTIG SEIT 2022", "letzte Aktualisierung 2023",
        "s'applique à partir du 1er févr. 2024", "À COMPTER DU 3 juin 2021", "Wirksam seit 2020",
        "İn Kraft seit 2019", "ın kraft ab 2018", "Version: 2020", "revision date 2021",
        "Datum der letzten Änderung 2022", "Inkrafttreten 2023", "Last update: 2024", "applies from 2025",
        "took effect June 3, 2020", "s’applique à partir de 2026", "mise à jour du 2021",
        "understand 2020", "outdated 2021", "standard",
    ]  # fmt: skip
    text = " ... ".join(keywords) + " " + " ".join(k.swapcase() for k in keywords)
    assert [m.span() for m in dates._ANCHOR.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(list(dates._ANCHOR.finditer(text))) >= 2 * 27


def _measure_recursively(tag, sizes: Sizes) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The recursive reading ``measure`` replaced."""
    total = links = 0
    for child in kids(tag):
        if isinstance(child, str):
            total += len(" ".join(child.split()))
        else:
            child_total, child_links = _measure_recursively(child, sizes)
            total += child_total
            links += child_total if child.tag == "a" else child_links
    sizes[tag] = (total, links)
    return total, links


PAGE = """<html><body>
<div id="wrap">  Intro   text <!-- a comment -->after the comment
  <div class="menu"><a href="/a">Home</a> | <a href="/b">About <b>us</b></a></div>
  <p>We collect <a href="#x">your e-mail</a> address.<span>  </span>Tail\u00a0text</p>
  <div id="gone">Dropped box <p>with a paragraph</p></div> text after the dropped box
  <section><p>Deep <em>emphasis <a href="/c">link <i>inside</i></a></em> end.</p></section>
</div>
<?pi ignored?> trailing words</body></html>"""


def test_text_sizes_in_one_pass_equal_the_recursive_reading() -> None:
    root = parse_html(PAGE)
    assert root is not None
    gone = next(e for e in root.iter() if e.get("id") == "gone")
    drop(gone)
    fast: Sizes = {}
    slow: Sizes = {}
    body = root[0]
    assert measure(body, fast) == _measure_recursively(body, slow)
    assert fast == slow
    assert gone not in fast and fast[body][1] > 0  # a dropped box is not measured; links are counted


def _page(body: str) -> bytes:
    return f"<html><head><title>Acme</title></head><body>{body}</body></html>".encode()


PROSE = "".join(
    f"<p>We keep clause number {i} of this privacy policy in force for all of our users.</p>" for i in range(12)
)


def test_white_space_between_blocks_makes_no_clause_but_text_beside_it_stays() -> None:
    spaced = _page(f"<main>{PROSE}\n\u00a0\u3000\n<p>Last clause.</p>\u2002<em>Italic\u00a0tail</em></main>")
    document = extract(spaced, "text/html")
    texts = [c.text for s in document.sections for c in s.clauses]
    assert texts[-2:] == ["Last clause.", "Italic tail"]
    assert all(text.strip() for text in texts) and len(texts) == 14


def test_a_date_outside_the_automatic_body_is_read_from_the_page() -> None:
    page = _page(f"<div class='aside'><span>Last updated: 5 May 2023</span></div><article>{PROSE}</article>")
    document = extract(page, "text/html")
    assert document.last_updated == "2023-05-05"
    assert all("2023" not in c.text for s in document.sections for c in s.clauses)  # not in the body


def test_with_several_selected_boxes_the_page_text_is_read_before_they_move_out() -> None:
    # the boxes are moved out of the page to be read together: read after that, the page's text
    # would put "Effective:" right before "1 June 2021"; read before, the boxes stand between
    page = _page(f"<p>Effective:</p><div class='a'>{PROSE}</div><hr><div class='a'>{PROSE}</div><p>1 June 2021</p>")
    document = extract(page, "text/html", select=(".a",))
    assert document.last_updated is None
    assert sum(len(s.clauses) for s in document.sections) == 24  # both boxes, in page order
    assert extract(page.replace(b"<hr>", b"<p>Updated 2 May 2020</p>"), "text/html", select=(".a",)).last_updated == (
        "2020-05-02"
    )


def test_an_overview_labelled_by_another_element_is_found_through_the_id_lookup() -> None:
    overview = (
        "<span id='l{n}'>In short</span><div aria-labelledby='l{n}'><p>We use your data for the service.</p></div>"
    )
    page = _page(f"<main>{overview.format(n=1)}{PROSE}{overview.format(n=2)}<p>Closing words of the policy.</p></main>")
    texts = [c.text for s in extract(page, "text/html").sections for c in s.clauses]
    assert "We use your data for the service." not in texts  # both overviews went
    assert "Closing words of the policy." in texts


def test_invisible_characters_go_in_one_scan_as_in_two() -> None:
    from tracker.extract.blocks import _ZERO_WIDTH, normalize_text
    from tracker.extract.lookalike import BIDI_CONTROLS, strip_bidi

    controls = [chr(c) for c in range(0x10000) if _ZERO_WIDTH.match(chr(c)) or BIDI_CONTROLS.match(chr(c))]
    assert len(controls) == 6 + 5 + 4 + 3
    text = "é " + "".join(f"{c}a{c}\u00a0" for c in controls) + "ﬁn\u202eton\u202c"
    two_scans = strip_bidi(_ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text)))
    assert normalize_text(text) == " ".join(two_scans.split()) == "é " + " ".join(["a"] * len(controls)) + " finton"


def test_a_name_pattern_answers_alike_from_its_memo_and_after_forgetting_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.extract import names

    monkeypatch.setattr(names, "MEMO_SIZE", 4)
    pattern = NamePattern("cookie|(^|[-_ ])cmp([-_ ]|$)")
    folding = re.compile(pattern.pattern, re.IGNORECASE)
    for _ in range(3):  # asked again and again, with the memo filling up and forgotten
        assert [pattern.search(name) for name in NAMES] == [folding.search(name) is not None for name in NAMES]
    assert len(pattern._memo) <= 4


def _visible_recursively(element):  # type: ignore[no-untyped-def]
    """The recursive reading ``tree._visible`` replaced."""
    from tracker.extract.tree import _HIDDEN_TEXT, is_live

    if element.text:
        yield element.text, element
    for child in element:
        if is_live(child) and child.tag not in _HIDDEN_TEXT:
            yield from _visible_recursively(child)
        if child.tail:
            yield child.tail, element


def test_visible_strings_read_with_a_stack_equal_the_recursive_reading() -> None:
    from tracker.extract.tree import _visible

    page = PAGE.replace("<section>", "<section><script>hidden()</script>t<style>p{}</style><!-- c -->u")
    root = parse_html(page)
    assert root is not None
    drop(next(e for e in root.iter() if e.get("id") == "gone"))
    compared = 0
    for element in root.iter():
        if isinstance(element.tag, str):
            assert list(_visible(element)) == list(_visible_recursively(element))
            compared += 1
    assert compared > 10
    texts = [text for text, _ in _visible(root)]
    assert "hidden()" not in texts and "t" in texts and "u" in texts and " trailing words" in texts


def test_a_box_is_small_exactly_when_its_stripped_text_is_under_the_limit() -> None:
    from tracker.extract.noise import _SMALL, _is_small
    from tracker.extract.tree import text_content

    sizes = []
    for words, last in ((0, 0), (1, 0), (2, 3), (199, 8), (199, 9), (199, 10), (199, 11), (400, 1)):
        for pad in ("", " ", "\n  "):
            spans = "".join(f"<span>{pad}abcdefghi{pad}</span>" for _ in range(words))
            page = f"<div id='box'>{spans}<!-- a comment --> <b>{'z' * last}</b>{pad}</div>"
            root = parse_html(f"<html><body>{page}<p>after</p></body></html>")
            assert root is not None
            box = next(e for e in root.iter("div"))
            size = len(text_content(box, " ", strip=True))
            assert _is_small(box) == (size < _SMALL), (words, pad, size)
            sizes.append(size)
    assert _SMALL - 1 in sizes and _SMALL in sizes  # both sides of the limit tried


def test_a_printable_text_without_double_or_outer_spaces_is_already_collapsed() -> None:
    from tracker.extract.blocks import normalize_text

    everything = _every_character()
    spaces = [c for c in everything if c.isspace()]
    assert len(spaces) > 20 and all(not c.isprintable() for c in spaces if c != " ")  # the fact relied on
    texts = ["", " ", "a", "a b", "a  b", " a", "a ", "a\u00a0b", "a\nb", "a\u3000b", "a\u2028b", "a\x1fb", "é ü"]
    texts += [f"x{c}y" for c in spaces] + [f"x {c} y" for c in spaces]
    for text in texts:
        assert normalize_text(text) == " ".join(unicodedata.normalize("NFKC", text).split()), repr(text)
    root = parse_html("<p>a b<b>c\u00a0 d</b> e  f<i> g</i>h\u2028i<u>j </u>k</p>")
    assert root is not None
    fast: Sizes = {}
    assert measure(root, fast) == _measure_recursively(root, {})


def test_ancestors_found_by_name_in_libxml2_are_those_a_python_scan_finds() -> None:
    from tracker.extract.html import _in_bold
    from tracker.extract.tree import ancestor_named, visible_strings

    root = parse_html(
        "<html><body><template><div><b><span>in <!-- c -->template</span></b></div></template>"
        "<strong><em><a>bold link</a></em></strong><p><i>plain</i></p><script>x()</script></body></html>"
    )
    assert root is not None
    names_sets = [{"b", "strong"}, {"div"}, {"template", "script", "style"}, {"p", "body"}, {"nothing"}, set()]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for names in names_sets:
            plain = next((a for a in element.iterancestors() if a.tag in names), None)
            assert ancestor_named(element, names) is plain
        bold = element.tag in {"b", "strong"} or any(a.tag in {"b", "strong"} for a in element.iterancestors())
        assert _in_bold(element) == bold
        hidden = element.tag in {"script", "style", "template"} or any(
            a.tag in {"script", "style", "template"} for a in element.iterancestors()
        )
        assert (list(visible_strings(element)) == []) == hidden or not "".join(element.itertext()).strip()
    span = next(root.iter("span"))
    assert list(visible_strings(span)) == [] and _in_bold(span) and ancestor_named(span, {"div"}) is not None


def test_descendants_looked_at_one_by_one_or_by_libxml2_give_the_plain_answer() -> None:
    from tracker.extract.html import _has_text
    from tracker.extract.tree import has_descendant, text_content

    nested = "".join(f"<span>s{i}</span>" for i in range(12))
    root = parse_html(
        f"<html><body><span>a<b>b</b></span><span>{nested}<p>late</p></span><span>{nested}</span>"
        "<a><!-- c --><i> </i>\u00a0</a><em><br/>x</em><font><u><i><p>deep</p></i></u></font></body></html>"
    )
    assert root is not None
    asked = [("p",), ("br",), ("b", "i"), ("h1", "h2"), ("p", "div", "li")]
    counted = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for names in asked:
            plain = any(d.tag in names for d in element.iterdescendants())
            assert has_descendant(element, names) == has_descendant(element, frozenset(names)) == plain
            counted += plain
        assert has_descendant(element, "br") == any(d.tag == "br" for d in element.iterdescendants())
        assert _has_text(element) == bool(text_content(element).strip())
    assert counted > 10


def test_page_pieces_are_the_page_strings_read_by_libxml2() -> None:
    import gzip
    from pathlib import Path

    from tracker.extract.tree import page_pieces, page_strings, page_text

    pages = sorted((Path(__file__).parent / "data" / "corpus").glob("*/snapshots/*.html.gz"))[::6]
    texts = [gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in pages]
    texts.append("<html><body><div>a<!-- c -->b<template><p>t</p></template>c<script>s()</script></div></body></html>")
    compared = 0
    for text in texts:
        root = parse_html(text)
        assert root is not None
        for index, element in enumerate(root.iter()):
            if not isinstance(element.tag, str) or index % 3:
                continue
            plain = list(page_strings(element))
            assert [piece for piece in page_pieces(element) if piece] == plain
            assert page_text(element) == "".join(plain)
            assert page_text(element, " ", strip=True) == " ".join(s.strip() for s in plain if s.strip())
            compared += 1
    assert compared > 1000


def test_elements_and_children_found_by_name_are_the_live_ones() -> None:
    from tracker.extract.layout import _elements
    from tracker.extract.tree import DROPPED, child_elements, is_live

    root = parse_html(PAGE.replace("<section>", "<section><!-- c --><div>kept</div><?pi x?>"))
    assert root is not None
    drop(next(e for e in root.iter() if e.get("id") == "gone"))
    names_asked = [("div", "p"), ("section",), (DROPPED, "div"), ()]
    for names in names_asked:
        assert _elements(root, *names) == [e for e in root.iter(*names) if is_live(e)]
    for element in root.iter():
        for wanted in (None, {"div", "p"}, {DROPPED, "p"}, {"a"}):
            plain = [c for c in element if is_live(c) and (wanted is None or c.tag in wanted)]
            assert child_elements(element, wanted) == plain
    assert any(child_elements(e) for e in root.iter()) and not _elements(root, DROPPED)

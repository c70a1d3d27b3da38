"""Property-based: arbitrary and malformed input never raises anything but ExtractionError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.models import PolicyDocument

TAGS = ["p", "div", "span", "b", "strong", "li", "ul", "ol", "table", "tr", "td", "h1", "h2", "h3", "br", "a",
        "script", "style", "nav", "main", "article", "dl", "dt", "dd", "section", "form", "footer", "svg"]  # fmt: skip
ATTRS = ["", ' class="cookie-banner"', " hidden", ' style="display:none"', ' role="main"', ' id="x"', " class="]
WORDS = st.sampled_from(["We", "collect", "data", "PRIVACY", "3.2", "Retention:", "Last updated: 19 June 2024",
                         "&amp;", "&#0;", "\u200b", "é", "<", ">", "\x00", "🍪", "\r\n"])  # fmt: skip


@st.composite
def messy_html(draw: st.DrawFn) -> str:
    """Random tag soup: unclosed, misnested and stray tags mixed with words and entities."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        choice = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(" ".join(draw(st.lists(WORDS, max_size=8))))
    return "".join(parts)


def _check(content: bytes, content_type: str) -> None:
    try:
        document = extract(content, content_type, url="fuzz")
    except ExtractionError as exc:
        assert str(exc).startswith("fuzz: ") and "\n" not in str(exc)
        return
    assert isinstance(document, PolicyDocument)
    assert any(s.clauses for s in document.sections)
    assert PolicyDocument.from_dict(document.to_dict()) == document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_html(), st.sampled_from(["text/html", "text/html; charset=utf-8", "application/xhtml+xml", ""]))
def test_tag_soup_never_crashes(html: str, content_type: str) -> None:
    _check(html.encode("utf-8", errors="surrogatepass"), content_type)


@settings(max_examples=100, deadline=None)
@given(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            "text/html",
            "text/html; charset=bogus-42",
            "application/pdf",
            "text/plain",
            "text/markdown",
            "image/png",
            "",
            "text/plain; charset=utf-16",
        ]
    ),  # fmt: skip
)
def test_arbitrary_bytes_never_crash(content: bytes, content_type: str) -> None:
    _check(content, content_type)


@settings(max_examples=30, deadline=None)
@given(st.integers(200, 3000))
def test_deep_nesting_is_a_clear_error_or_a_document(depth: int) -> None:
    _check(("<div>" * depth + "We collect data." + "</div>" * depth).encode(), "text/html")

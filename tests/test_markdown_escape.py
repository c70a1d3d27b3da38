"""The ``md`` filter: untrusted text reads back as exactly its text in a Markdown renderer, and
stays readable (no backslash before a hyphen or a parenthesis inside a line)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt  # rich's dependency: a CommonMark renderer, here with GFM tables and ~~

from tracker.templating import markdown_escape

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# what the renderer may add around plain text: paragraphs, and the list item the templates write
STRUCTURE = {"p", "/p", "ul", "/ul", "li", "/li"}
HOSTILE = [
    "a line  \nbroken hard",  # two spaces before a line break: a <br>
    "# Heading",
    "- item",
    "+ item",
    "1. first",
    "3) third",
    "===",
    "---",
    "> quote",
    "*bold* and _it_ and **b**",
    "`code`",
    "[link](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "<script>alert(1)</script>",
    "<https://evil.example>",
    "a | b\n--|--\nc | d",
    "~~gone~~",
    "&copy; &#169; &#xA9;",
    "back\\slash\\",
    "line one\n# line two\n- line three\n12. line four",
]


def _rendered(markdown: str) -> tuple[set[str], str]:
    """The tags the renderer made and its text (entities decoded, whitespace collapsed)."""
    out = RENDERER.render(markdown)
    tags = {t.lower() for t in re.findall(r"<(/?[A-Za-z0-9]+)", out)}
    text = html.unescape(re.sub(r"<[^>]+>", " ", out))
    return tags, " ".join(text.split())


def _reads_back(text: str) -> None:
    for template in ("{}", "- {}", "Intro: {}"):
        tags, got = _rendered(template.format(markdown_escape(text)))
        prefix = "Intro: " if template.startswith("Intro") else ""
        assert tags <= STRUCTURE, (text, tags)
        assert got == " ".join((prefix + text).split()), (text, got)


def test_hostile_values_read_back_as_their_text() -> None:
    for text in HOSTILE:
        _reads_back(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1 #-+=*_`[]()<>!|~&;:\\.)\n", max_size=40))
def test_any_value_reads_back_as_its_text(text: str) -> None:
    # leading spaces on a line after a blank one would make an indented code block: the
    # values the templates pass are clause and heading text, never indented, so none here
    text = "\n".join(line.lstrip(" ") for line in text.split("\n"))
    _reads_back(text)


def test_prose_stays_readable() -> None:
    text = "Write to privacy-team@example.com (our DPO) or call +44 20 7946 0000; see section 3.2 - rights!"
    assert markdown_escape(text) == text
    assert markdown_escape("Terms & Conditions, A&B") == "Terms & Conditions, A&B"
    assert markdown_escape("user_id") == "user\\_id"  # emphasis markers stay escaped anywhere
    assert markdown_escape("- a\n10. b") == "\\- a\n10\\. b"

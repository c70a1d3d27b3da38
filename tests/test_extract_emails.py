"""Cloudflare's obfuscated addresses are found by libxml2 (issue 20, h20l): the same elements, in
the same order, as the loop over every node it replaced, and the same page read."""

from __future__ import annotations

from lxml import etree

from tracker.extract.document import extract
from tracker.extract.html import _reveal_obfuscated_emails
from tracker.extract.linked_emails import decode_cloudflare_email
from tracker.extract.tree import parse_html


def _encoded(address: str, key: int = 0x42) -> str:
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode())


def _reveal_by_loop(root: etree._Element) -> None:
    """The reading before: every node of the tree looked at in turn."""
    for tag in list(root.iter()):
        if not isinstance(tag.tag, str) or tag.get("data-cfemail") is None:
            continue
        address = decode_cloudflare_email(tag.get("data-cfemail") or "")
        if address:
            for child in list(tag):
                tag.remove(child)
            tag.text = address


PAGE = (
    "<html><body><!-- a comment --><p>Write to "
    f'<a href="/cdn-cgi/l/email-protection#{_encoded("a@x.example")}"><span data-cfemail="{_encoded("a@x.example")}">'
    "[email&#160;protected]</span></a> or "
    f'<span data-cfemail="{_encoded("outer@x.example")}">[<b data-cfemail="{_encoded("inner@x.example")}">x</b>]</span>'
    ' or <span data-cfemail="zz">broken</span> or <span data-cfemail="">empty</span>'
    f' or <i data-cfemail="{_encoded("dpo@x.example", 0x07)}">hidden</i>.</p></body></html>'
)


def test_the_addresses_are_revealed_as_the_loop_over_every_node_revealed_them() -> None:
    fast, slow = parse_html(PAGE), parse_html(PAGE)
    assert fast is not None and slow is not None
    _reveal_obfuscated_emails(fast)
    _reveal_by_loop(slow)
    assert etree.tostring(fast) == etree.tostring(slow)
    text = "".join(fast.itertext())
    assert "a@x.example" in text and "outer@x.example" in text and "dpo@x.example" in text
    assert "inner@x.example" not in text  # inside an outer address: replaced with it
    assert "broken" in text and "empty" in text  # not decodable: left as written


def test_a_page_with_addresses_reads_them() -> None:
    document = extract(PAGE.encode(), "text/html; charset=utf-8")
    words = " ".join(c.text for s in document.sections for c in s.clauses)
    assert "a@x.example" in words and "dpo@x.example" in words and "protected" not in words

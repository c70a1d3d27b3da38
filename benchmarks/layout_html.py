"""Markup pieces for the unseen-layout pages (``benchmarks/layout_pages.py``): page chrome, a
policy's sections in several heading idioms, and the expected Markdown of what a reader of the
page takes for the policy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from layout_texts import Block, SectionText


def chrome(title: str, body: str, lang: str = "en") -> str:
    """A whole page: head, a site header with navigation, ``body``, a site footer."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | Northwind'
        "</title><script>window.dataLayer=[];</script></head><body>"
        '<header class="site-header"><a href="/" class="logo">Northwind</a><nav><ul>'
        '<li><a href="/features">Features</a></li><li><a href="/pricing">Pricing</a></li>'
        '<li><a href="/blog">Blog</a></li><li><a href="/login">Log in</a></li></ul></nav></header>'
        f"{body}"
        '<footer><p>© 2026 Northwind Labs Ltd.</p><ul><li><a href="/terms">Terms</a></li>'
        '<li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li></ul></footer>'
        "</body></html>"
    )


def blocks_html(blocks: Sequence[Block]) -> str:
    """Paragraphs and lists."""
    out = []
    for block in blocks:
        if isinstance(block, list):
            out.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block) + "</ul>")
        else:
            out.append(f"<p>{escape(block)}</p>")
    return "".join(out)


HeadingStyle = Callable[[str, int], str]


def h_tag(text: str, level: int) -> str:
    """A real heading element."""
    return f"<h{level}>{escape(text)}</h{level}>"


def numbered(prefix_of: Callable[[int], str]) -> HeadingStyle:
    """Real headings with a number before the text."""
    counter = [0]

    def style(text: str, level: int) -> str:
        counter[0] += 1
        return f"<h{level}>{prefix_of(counter[0])} {escape(text)}</h{level}>"

    return style


def sections_html(sections: Sequence[SectionText], heading: HeadingStyle = h_tag, level: int = 2) -> str:
    """Each section as a heading and its blocks, one after another."""
    return "".join(heading(title, level) + blocks_html(blocks) for title, _, blocks in sections)


def expected_markdown(title: str | None, parts: Sequence[tuple[str | None, Sequence[SectionText]]]) -> str:
    """The Markdown a careful reader takes from the page: the title, then each part (its own
    heading, when it has one, above its sections)."""
    lines = [f"# {title}", ""] if title else []
    for part_heading, sections in parts:
        level = 2
        if part_heading:
            lines += [f"# {part_heading}", ""]
        for heading, _, blocks in sections:
            lines += [f"{'#' * level} {heading}", ""]
            for block in blocks:
                lines += [f"- {item}" for item in block] if isinstance(block, list) else [block]
                lines.append("")
    return "\n".join(lines).strip() + "\n"


def paragraphs_markdown(paragraphs: Sequence[str]) -> str:
    """Loose paragraphs as Markdown."""
    return "".join(f"{p}\n\n" for p in paragraphs)


def cookie_table(rows: Sequence[tuple[str, str, str, str]], header: Sequence[str], css: str = "") -> str:
    """A consent manager's cookie list as a table."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

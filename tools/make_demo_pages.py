# ruff: noqa: E501  (long literal policy sentences)
"""Build the demo's two bundled policy pages from the IndiaMART seed (run once; output committed).

    python tools/make_demo_pages.py ../shared/seeds/indiamart-privacy-policy-2024-06-19.md

Writes ``tracker/data/demo/policy-v1.html`` (the seed as a page shaped like the real one: bold
paragraph headings, the "Last Updated On" line above the title, header, cookie banner, footer,
tracking pixel) and ``policy-v2.html`` (the same page with the edits listed in ``EDITS``).
``__CSRF__`` and ``__CACHEBUST__`` are replaced by fresh random values on every request by the
demo server, so each fetch differs in its bytes the way real pages do.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tracker" / "data" / "demo"

# (old text, new text) replacements that turn version 1 into version 2.
EDITS = [
    ("Last Updated On: 19 June 2024", "Last Updated On: 2 November 2026"),
    # editorial: grammar fix
    ("We also gathers and stores", "We also gather and store"),
    # material: longer retention
    (
        "We retains user provided Information for as long as the Information is required for the purpose of providing services to you",
        "We retain user provided Information for a period of up to five years after your account is closed, and for as long as the Information is required for the purpose of providing services to you",
    ),
    # material: commitment shift (shall not -> may)
    (
        "They shall not disclose any Information received by them further and must abide by the Privacy Policy of the site.",
        "They may disclose Information received by them further to their own service providers and advertising partners.",
    ),
    # material: removed clause (a children's-data commitment)
    (
        '<p>If we become aware that a person submitting personal information is under 18, we will delete the account and all related information as soon as possible. . If you believe we might have any information from or about a child under 18 please contact us at <a href="mailto:customercare@indiamart.com">customercare@indiamart.com</a></p>\n',
        "",
    ),
    # material: added clause (new recipients)
    (
        "<li>Business partners for sending their business offers to the users, which are owned and offered by them solely without involvement of the site.</li>\n",
        "<li>Business partners for sending their business offers to the users, which are owned and offered by them solely without involvement of the site.</li>\n"
        "<li>Advertising and analytics partners, who may combine your information with data from other sources to show you personalised advertisements on other websites.</li>\n",
    ),
    # noise: the cookie banner's wording changes (must not count as a policy change)
    ("We use cookies to give you the best experience.", "This site uses cookies. Manage your preferences."),
]

HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Privacy Policy | IndiaMART</title>
<meta name="csrf-token" content="__CSRF__">
<link rel="stylesheet" href="/static/main.css?v=__CACHEBUST__">
<style>body{font-family:Arial,sans-serif;margin:0}.wrapper{max-width:960px;margin:auto;padding:1em}
#cookie-consent{position:fixed;bottom:0;background:#333;color:#fff;padding:1em}</style>
<script>window.dataLayer=window.dataLayer||[];window.__session="__CSRF__";</script>
</head>
<body>
<header class="site-header"><a href="https://www.indiamart.com/">IndiaMART</a>
<nav><a href="https://my.indiamart.com/blgen/postbl?modid=IMHOME">Get Best Price</a>
<a href="https://www.indiamart.com/help/">Help</a></nav></header>
<div id="cookie-consent" class="cookie-banner" role="dialog">We use cookies to give you the best experience. <button>Accept</button></div>
<div class="wrapper">
<div class="lastupdated">Last Updated On: 19 June 2024</div>
<h1>Privacy Policy</h1>
<div class="privacy-content">
"""

TAIL = """</div>
</div>
<form action="/subscribe" method="post"><input type="hidden" name="csrf_token" value="__CSRF__">
<input type="email" name="email" placeholder="Your email"><button>Subscribe</button></form>
<footer class="site-footer"><p>Follow us on: <a href="https://www.facebook.com/IndiaMART">Facebook</a>
<a href="https://twitter.com/IndiaMART">Twitter</a></p>
<p><a href="https://www.indiamart.com/terms-of-use.html">Terms of Use</a> -
<a href="https://www.indiamart.com/privacy-policy.html">Privacy Policy</a>
Copyright &copy; 1996-2024 IndiaMART InterMESH Ltd. All rights reserved.</p></footer>
<img src="https://www.facebook.com/tr?id=1000024446685311&amp;ev=PixelInitialized&amp;cb=__CACHEBUST__" width="1" height="1" alt="">
<script src="/static/app.js?v=__CACHEBUST__"></script>
</body>
</html>
"""


def inline(text: str) -> str:
    """Escape text and turn Markdown links and bold into HTML."""
    out = html.escape(text.strip(), quote=False)
    out = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)


def body_html(markdown: str) -> str:
    """The policy body (from the first paragraph after the title to the end of the policy)."""
    start = markdown.index("The Privacy Policy of")
    end = markdown.index("\n\nX\n")
    lines = markdown[start:end].split("\n")
    out: list[str] = []
    para: list[str] = []
    list_tag: str | None = None

    def flush_para() -> None:
        if para:
            out.append("<p>" + "<br>".join(inline(p) for p in para) + "</p>")
            para.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for raw in lines:
        line = raw.rstrip()
        item = re.match(r"^(\*|\d+\.) (.*)$", line)
        if not line.strip():
            flush_para()
            continue
        if item:
            flush_para()
            tag = "ul" if item.group(1) == "*" else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{inline(item.group(2))}</li>")
            continue
        if raw.startswith("    ") and list_tag:  # continuation of a list item
            out[-1] = out[-1][: -len("</li>")] + "<br>" + inline(line) + "</li>"
            continue
        close_list()
        para.append(line)
    flush_para()
    close_list()
    return "\n".join(out) + "\n"


def main() -> None:
    markdown = Path(sys.argv[1]).read_text(encoding="utf-8")
    v1 = HEAD + body_html(markdown) + TAIL
    v2 = v1
    for old, new in EDITS:
        if old not in v2:
            raise SystemExit(f"edit target not found: {old[:60]!r}")
        v2 = v2.replace(old, new)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "policy-v1.html").write_text(v1, encoding="utf-8")
    (OUT / "policy-v2.html").write_text(v2, encoding="utf-8")
    print(f"wrote {OUT}/policy-v1.html ({len(v1)} bytes) and policy-v2.html ({len(v2)} bytes)")


if __name__ == "__main__":
    main()

"""The Word redline: a ``.docx`` whose changes are native tracked changes.

python-docx builds the document (styles, headings, the cover table, comments part, header and
footer); the revisions are WordprocessingML added to its XML, as Word writes them:

- an insertion is ``<w:ins>`` around its runs, a deletion ``<w:del>`` around runs whose text is in
  ``<w:delText>``; a paragraph wholly inserted or deleted also marks its paragraph mark
  (``w:pPr/w:rPr/w:ins|w:del``), so Reject/Accept removes the paragraph itself, not just its text;
- a moved section or clause is ``<w:moveFrom>`` at its old place (its text in ``<w:delText>``, as
  Word writes it) and ``<w:moveTo>`` at its new one,
  each inside a named range (``w:moveFromRangeStart``/``End``, ``w:moveToRangeStart``/``End``,
  the same ``w:name`` on both sides);
- every revision has a unique ``w:id``, ``w:author="policy-tracker"`` and ``w:date`` = when the new
  snapshot was fetched (``Cover.revision_date``);
- each changed section carries a Word comment (``w:comment`` in the comments part, anchored on
  its first paragraph) giving its materiality, change kind, reasons and topics.

The text comes from ``tracker.report.whole``: accepting every revision gives exactly the new
version's paragraphs and rejecting every one the old version's (tests check this on the XML).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from tracker.classify import default_lexicon
from tracker.models import DiffResult, PolicyDocument, SectionChange
from tracker.report.cover import Cover, Side, cover_facts
from tracker.report.judgement import unchanged_sections
from tracker.report.whole import Entry, Piece, changed_entries, listed_changes, whole_document
from tracker.review import Review

AUTHOR = "policy-tracker"
LEGEND = (
    "Changes are Word tracked changes by policy-tracker (Review › Accept or Reject); each changed section "
    "carries a comment with its materiality and reasons."
)
_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")


class _Revisions:
    """Makes revision elements with unique ids, one author and one date."""

    def __init__(self, date: str) -> None:
        self.date = date
        self._next = 100  # comment ids count from 0 in their own part; keep revision ids clear of them
        self._moves: dict[object, str] = {}

    def new_id(self) -> str:
        self._next += 1
        return str(self._next)

    def element(self, tag: str, *, dated: bool = True, **extra: str) -> Any:
        node = OxmlElement(tag)
        node.set(qn("w:id"), self.new_id())
        if dated:
            node.set(qn("w:author"), AUTHOR)
            node.set(qn("w:date"), self.date)
        for name, value in extra.items():
            node.set(qn(f"w:{name}"), value)
        return node

    def move_name(self, key: object) -> str:
        """The ``w:name`` shared by the two ends of one move."""
        return self._moves.setdefault(key, f"move{len(self._moves) + 1}")


# characters XML 1.0 cannot hold (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _run(text: str, *, deleted: bool = False) -> Any:
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = _NOT_XML.sub("\ufffd", text)  # policy text is untrusted; lxml escapes the rest
    run.append(node)
    return run


def _wrapped(rev: _Revisions, tag: str, text: str) -> Any:
    """``<w:ins>`` / ``<w:del>`` / ``<w:moveFrom>`` / ``<w:moveTo>`` around one run of ``text``."""
    wrapper = rev.element(tag)
    wrapper.append(_run(text, deleted=tag in ("w:del", "w:moveFrom")))  # moved-away text is delText, as Word writes it
    return wrapper


def _mark_paragraph(paragraph: Paragraph, rev: _Revisions, tag: str) -> None:
    """Mark the paragraph mark itself as inserted, deleted or moved (``w:pPr/w:rPr/<tag>``)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(rev.element(tag))


def _word_runs(piece: Piece) -> list[tuple[str, str]]:
    """(op, text) runs of a modified piece; a whole delete + insert when the word runs do not add
    up to the two texts exactly."""
    runs: list[tuple[str, str]] = [(w.op, w.text) for w in piece.words]
    old = "".join(t for op, t in runs if op != "insert")
    new = "".join(t for op, t in runs if op != "delete")
    if old != piece.old or new != piece.new:
        return [("delete", piece.old or ""), ("insert", piece.new or "")]
    return runs


def _moved_runs(piece: Piece) -> list[tuple[str, str]]:
    """The runs of one end of a move: the old text at its old place; at the new place the moved
    words, with the words inserted on the way as insertions (the deleted ones are in the old
    place's text, and in the comment on this paragraph)."""
    if piece.op == "move_from":
        return [("equal", piece.old or "")]
    runs: list[tuple[str, str]] = [(w.op, w.text) for w in piece.words if w.op != "delete" and w.text]
    if not runs or "".join(t for _, t in runs) != piece.new:
        return [("equal", piece.new or "")]
    return runs


def _move_comment(piece: Piece) -> str:
    """The comment on the new place of a moved-and-edited clause: where it came from and its edit."""
    deleted = [w.text.strip() for w in piece.words if w.op == "delete" and w.text.strip()]
    inserted = [w.text.strip() for w in piece.words if w.op == "insert" and w.text.strip()]
    parts = [f"deleted “{t}”" for t in deleted] + [f"inserted “{t}”" for t in inserted]
    return f"{piece.note[0].upper()}{piece.note[1:]}: " + "; ".join(parts) + "."


def _fill(paragraph: Paragraph, piece: Piece, rev: _Revisions, move_key: object) -> None:
    """Put one piece's text into its paragraph as plain runs and revisions."""
    p = paragraph._p
    op = piece.op
    if op == "equal":
        p.append(_run(piece.new or ""))
    elif op in ("added", "removed"):
        tag = "w:ins" if op == "added" else "w:del"
        p.append(_wrapped(rev, tag, (piece.new if op == "added" else piece.old) or ""))
        _mark_paragraph(paragraph, rev, tag)
    elif op in ("move_from", "move_to"):
        side = "moveFrom" if op == "move_from" else "moveTo"
        name = rev.move_name(piece.move or move_key)
        start = rev.element(f"w:{side}RangeStart", name=name)
        p.append(start)
        for word_op, text in _moved_runs(piece):
            p.append(_wrapped(rev, "w:ins" if word_op == "insert" else f"w:{side}", text))
        end = OxmlElement(f"w:{side}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        p.append(end)
        _mark_paragraph(paragraph, rev, f"w:{side}")
    else:
        for word_op, text in _word_runs(piece):
            if word_op == "equal":
                p.append(_run(text))
            elif text:
                p.append(_wrapped(rev, "w:ins" if word_op == "insert" else "w:del", text))


def _style(piece: Piece) -> str:
    if piece.kind == "heading":
        return f"Heading {max(1, min(piece.level, 9))}"
    if piece.kind == "list_item":
        return _LIST_STYLES[min(piece.level, len(_LIST_STYLES) - 1)]
    return "Normal"


def _comment_text(change: SectionChange) -> str:
    lexicon = default_lexicon()
    level = change.materiality or ("editorial" if change.editorial else "not rated")
    lines = [f"{level.capitalize()} change ({change.kind})"]
    if change.note:
        lines.append(change.note)
    lines.extend(f"Reason: {reason}" for reason in change.reasons)
    if change.topics:
        lines.append("Topics: " + ", ".join(lexicon.label(t.topic) for t in change.topics))
    return "\n".join(lines)


def _comment(document: Any, paragraph: Paragraph, text: str, date: str) -> None:
    """A Word comment on the whole of ``paragraph`` (a changed section's first paragraph, or the
    new place of a moved-and-edited clause)."""
    comment = document.comments.add_comment(text=text, author=AUTHOR, initials="PT")
    comment._comment_elm.date = datetime.fromisoformat(date.replace("Z", "+00:00"))
    cid = str(comment.comment_id)
    p = paragraph._p
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), cid)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), cid)
    p.append(end)
    ref_run = OxmlElement("w:r")  # no rStyle: the default template has no CommentReference style
    ref = OxmlElement("w:commentReference")
    ref.set(qn("w:id"), cid)
    ref_run.append(ref)
    p.append(ref_run)


def _styles(document: Any) -> None:
    """A lawyer's page: a serif body, black headings, a little space between clauses."""
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for level in range(1, 4):
        style = document.styles[f"Heading {level}"]
        style.font.name = "Liberation Sans"
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt((15, 13, 12)[level - 1])
    title = document.styles["Title"]
    title.font.name = "Liberation Sans"
    title.font.size = Pt(20)
    title.font.color.rgb = RGBColor(0, 0, 0)


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = _run("1")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")  # half-points: 8 pt, as the footer's text
    rpr.append(size)
    run.insert(0, rpr)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(document: Any, cover: Cover) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, like the PDF redline
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)
    header = section.header.paragraphs[0]
    header.text = f"{cover.policy} · redline {cover.old.date} → {cover.new.date}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ").font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" of ").font.size = Pt(8)
    _field(footer, "NUMPAGES")
    hashes = f"   ·   old {cover.old.text_sha256[:16]}…  new {cover.new.text_sha256[:16]}…"
    footer.add_run(hashes).font.size = Pt(8)


def _version_line(side: Side) -> str:
    return f"{side.label}; fetched {side.fetched_at or '—'}; policy dated {side.policy_date or '—'}"


def _widths(table: Any, inches: tuple[float, ...]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)  # w:gridCol, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, inches, strict=True):
            cell.width = Inches(width)


def review_line(reviews: Sequence[Review]) -> str:
    """The review state as one line: the decision in force, who and when, and its note."""
    if not reviews:
        return "awaiting review"
    last = reviews[-1]
    line = f"{last.decision} — {last.by}, {last.at}" + (f": {last.note}" if last.note else "")
    return line + (f" (latest of {len(reviews)} reviews)" if len(reviews) > 1 else "")


def _cover_table(document: Any, cover: Cover, reviews: Sequence[Review] | None) -> None:
    counts = ", ".join(f"{n} {level}" for level, n in cover.counts.items() if n) or "none"
    rows = [
        ("Policy", cover.policy),
        ("URL", cover.url or "—"),
        ("Old version", _version_line(cover.old)),
        ("Old text SHA-256", cover.old.text_sha256),
        ("New version", _version_line(cover.new)),
        ("New text SHA-256", cover.new.text_sha256),
        ("Changes", f"{counts}; {unchanged_sections(cover.unchanged_sections)}"),
    ]  # fmt: skip
    if cover.flags:
        rows.append(("Flags", ", ".join(cover.flags)))
    if reviews is not None:
        rows.append(("Review", review_line(reviews)))
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for name, value in rows:
        cells = table.add_row().cells
        cells[0].text = name
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value
        for cell in cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    _widths(table, (1.5, 5.0))


def _change_list(document: Any, entries: list[Entry]) -> None:
    document.add_paragraph("Changes in this document", style="Heading 1")
    table = document.add_table(rows=1, cols=4)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("Clause", "Change", "Materiality", "Why"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for key, entry in listed_changes(entries):
        change = entry.change
        assert change is not None
        kind = "moved away" if entry.moved_away else change.kind
        why = "; ".join(change.reasons) or change.note or "—"
        row = table.add_row().cells
        for cell, text in zip(row, (key, kind, change.materiality or "—", why), strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    _widths(table, (1.8, 0.9, 0.9, 2.9))


def render_docx(
    diff: DiffResult,
    old_doc: PolicyDocument,
    new_doc: PolicyDocument,
    *,
    whole: bool = False,
    title: str | None = None,
    reviews: Sequence[Review] | None = None,
) -> bytes:
    """The Word redline of ``diff`` as ``.docx`` bytes: the changed sections (or, with ``whole``,
    every section) with native tracked changes and comments, after a cover table (with the
    change's review state when ``reviews`` is given; empty means awaiting review)."""
    cover = cover_facts(diff, old_doc, new_doc, title=title)
    entries = whole_document(diff, old_doc, new_doc)
    changed = changed_entries(entries)
    document = Document()
    _styles(document)
    document.core_properties.author = AUTHOR
    document.core_properties.title = cover.title
    document.add_paragraph(cover.title, style="Title")
    document.add_paragraph(cover.summary + ".")
    _cover_table(document, cover, reviews)
    legend = document.add_paragraph(LEGEND)
    legend.runs[0].italic = True
    legend.paragraph_format.space_before = Pt(8)
    if whole:
        _change_list(document, changed)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    rev = _Revisions(cover.revision_date)
    noted = ""  # the note of the renumbered run last commented on: one comment per run
    for entry in entries if whole else changed:
        first: Paragraph | None = None
        for piece in entry.pieces:
            paragraph = document.add_paragraph(style=_style(piece))
            # the two ends of a move are the same paragraph of the same change
            _fill(paragraph, piece, rev, (id(entry.change), piece.kind, piece.old or piece.new))
            if first is not None and piece.op == "move_to" and piece.words:
                _comment(document, paragraph, _move_comment(piece), cover.revision_date)
            first = first or paragraph
        change = entry.change
        if first is not None and change is not None and not entry.moved_away:
            if change.kind != "renumbered" or change.note != noted:
                _comment(document, first, _comment_text(change), cover.revision_date)
            noted = change.note or "" if change.kind == "renumbered" else ""
    _header_footer(document, cover)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""Drafting change notices for users from editable Jinja2 templates.

Four drafts per change: an email (HTML and plain text), a short in-app banner and a public
"what's changed" changelog entry (Markdown). They group the material changes by topic, in plain
words, quoting the new clause text; state the effective date (the day of the change plus the
policy's notice period, 30 days by default); link to the full policy and the redline; and name
the contact / grievance officer found in the policy (or configured). Templates:
``notice_email.html``, ``notice_email.txt``, ``notice_banner.txt``, ``notice_changelog.md`` —
a user's template folder overrides any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tracker.classify import default_lexicon
from tracker.classify.rules import EMAIL
from tracker.config import PolicyConfig
from tracker.models import DiffResult, PolicyDocument, SectionChange
from tracker.store import atomic_write
from tracker.templating import render

_CONTACT_HEADING = re.compile(
    r"grievance|contact|data protection officer|\bdpo\b|questions|reach us|how to reach", re.I
)
TEMPLATES = {
    "email_html": "notice_email.html",
    "email_text": "notice_email.txt",
    "banner": "notice_banner.txt",
    "changelog": "notice_changelog.md",
}
FILE_NAMES = {
    "email_html": "notice-email.html",
    "email_text": "notice-email.txt",
    "banner": "notice-banner.txt",
    "changelog": "notice-changelog.md",
}


@dataclass(frozen=True)
class NoticeItem:
    """One material change in plain words: what happened and the new text to quote."""

    section: str
    what: str
    quotes: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class NoticeGroup:
    """Material changes on one topic."""

    topic: str
    label: str
    items: tuple[NoticeItem, ...]


@dataclass(frozen=True)
class Contact:
    """Who users can ask: lines from the policy's contact / grievance section, and emails."""

    heading: str | None
    lines: tuple[str, ...]
    emails: tuple[str, ...]


@dataclass(frozen=True)
class Notices:
    """The rendered drafts."""

    subject: str
    effective_date: date
    email_html: str
    email_text: str
    banner: str
    changelog: str
    groups: tuple[NoticeGroup, ...] = field(default=())


def find_contact(document: PolicyDocument, configured: str | None = None) -> Contact:
    """The policy's own contact or grievance-officer section (its lines and emails), plus ``configured``."""
    emails: list[str] = []
    lines: list[str] = []
    heading = None
    sections = [s for s in document.sections if s.heading and _CONTACT_HEADING.search(s.heading)]
    # prefer a grievance officer / DPO section over a generic "questions" one
    sections.sort(key=lambda s: 0 if re.search(r"grievance|officer|dpo|data protection", s.heading, re.I) else 1)
    if sections:
        heading = sections[0].heading
        lines = [c.text for c in sections[0].clauses][:6]
        for line in lines:
            emails.extend(e for e in EMAIL.findall(line) if e not in emails)
    if configured and configured not in emails:
        emails.insert(0, configured) if EMAIL.fullmatch(configured) else lines.append(configured)
    return Contact(heading, tuple(lines), tuple(emails))


def _describe(change: SectionChange) -> str:
    heading = change.new_heading or change.old_heading or "this policy"
    if change.kind == "added":
        return f"We added a new section, “{heading}”."
    if change.kind == "removed":
        return f"We removed the section “{heading}”."
    added = sum(1 for c in change.clauses if c.kind == "added")
    removed = sum(1 for c in change.clauses if c.kind == "removed")
    modified = sum(1 for c in change.clauses if c.kind == "modified" and not c.editorial)
    moved = sum(1 for c in change.clauses if c.kind == "moved")
    parts = []
    if modified:
        parts.append(f"reworded {modified} passage{'s' if modified != 1 else ''}")
    if added:
        parts.append(f"added {added} passage{'s' if added != 1 else ''}")
    if removed:
        parts.append(f"removed {removed} passage{'s' if removed != 1 else ''}")
    if moved:
        parts.append(f"moved {moved} passage{'s' if moved != 1 else ''} here")
    return f"In “{heading}” we {' and '.join(parts) or 'changed the wording'}."


# When a change touches several topics, it is filed under the most specific one.
TOPIC_PRIORITY = (
    "children", "cross_border_transfers", "third_party_sharing", "data_retention", "user_access",
    "user_choice", "cookies_tracking", "data_security", "legal_basis", "do_not_track",
    "first_party_collection", "policy_change", "international_audiences", "contact",
)  # fmt: skip


def _primary_topic(change: SectionChange) -> str:
    names = [t.topic for t in change.topics]
    if not names:
        return "other"
    lexicon = default_lexicon()
    reasons = " ".join(change.reasons).lower()
    cited = [n for n in names if lexicon.label(n).lower() in reasons]
    pool = cited or names
    return min(pool, key=lambda n: TOPIC_PRIORITY.index(n) if n in TOPIC_PRIORITY else len(TOPIC_PRIORITY))


def group_material_changes(diff: DiffResult) -> tuple[NoticeGroup, ...]:
    """Material changes grouped by their primary topic (changes without topics under "other")."""
    lexicon = default_lexicon()
    groups: dict[str, list[NoticeItem]] = {}
    for change in diff.changes:
        if change.materiality != "material":
            continue
        topic = _primary_topic(change)
        quotes = tuple(
            c.new_text
            for c in change.clauses
            if (c.kind in {"added", "modified"} or (c.kind == "moved" and c.words)) and c.new_text and not c.editorial
        )
        removed = tuple(c.old_text for c in change.clauses if c.kind == "removed" and c.old_text)
        item = NoticeItem(change.new_heading or change.old_heading or "", _describe(change), quotes, removed)
        groups.setdefault(topic, []).append(item)
    return tuple(
        NoticeGroup(topic, lexicon.label(topic) if topic != "other" else "Other changes", tuple(items))
        for topic, items in groups.items()
    )


def draft_notices(
    diff: DiffResult,
    *,
    policy: PolicyConfig,
    new_document: PolicyDocument,
    today: date | None = None,
    templates_dir: str | Path | None = None,
    report_url: str | None = None,
) -> Notices:
    """Render every notice draft for a classified diff."""
    today = today or date.today()
    effective = today + timedelta(days=policy.notice.period_days)
    company = policy.notice.company or policy.name
    groups = group_material_changes(diff)
    contact = find_contact(new_document, policy.notice.contact)
    subject = f"Changes to {policy.name}, effective {effective:%-d %B %Y}"
    context = {
        "subject": subject,
        "company": company,
        "policy_name": policy.name,
        "policy_url": policy.notice.policy_url or policy.url,
        "report_url": report_url,
        "effective_date": effective,
        "effective_date_text": f"{effective:%-d %B %Y}",
        "today": today,
        "period_days": policy.notice.period_days,
        "groups": groups,
        "contact": contact,
        "has_material": bool(groups),
        "other_count": sum(1 for c in diff.changes if c.materiality in {"review", "editorial"}),
        "last_updated": diff.new.last_updated,
    }
    rendered = {key: render(name, templates_dir, **context) for key, name in TEMPLATES.items()}
    return Notices(subject=subject, effective_date=effective, groups=groups, **rendered)


def write_notices(notices: Notices, directory: Path) -> dict[str, Path]:
    """Write every draft into ``directory`` (atomically); returns their paths by kind."""
    paths = {}
    for key, filename in FILE_NAMES.items():
        path = directory / filename
        atomic_write(path, getattr(notices, key))
        paths[key] = path
    return paths

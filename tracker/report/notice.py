"""Drafting change notices for users from editable Jinja2 templates.

Four drafts per change: an email (HTML and plain text), a short in-app banner and a public
"what's changed" changelog entry (Markdown); and drafting notes for the person who sends them.
The drafts say each material change in one plain sentence (a reversed commitment as a
reversal), grouped by topic, with the clause's text before and after
(``tracker.report.notice_items``); leave editorial edits and review items out (those are listed
in the drafting notes); state the effective date (the day of the change plus the policy's
notice period, 30 days by default); link to the full policy and the redline; and name the
contact / grievance officer found in the policy (or configured). They are written in the
policy's language when it is French or German (``tracker.report.notice_text``). Templates:
``notice_email.html``, ``notice_email.txt``, ``notice_banner.txt``, ``notice_changelog.md``,
``notice_drafting_notes.md`` — a user's template folder overrides any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tracker.classify.language import rules_for, use
from tracker.classify.language_switch import document_language
from tracker.classify.rules import EMAIL
from tracker.config import PolicyConfig
from tracker.models import DiffResult, PolicyDocument
from tracker.report.notice_items import NoticeGroup, adds_purpose, group_items, items_at
from tracker.report.notice_text import format_date, notice_language, notice_text
from tracker.store import atomic_write_files
from tracker.templating import render

_CONTACT_HEADING = re.compile(
    r"grievance|contact|kontakt|data protection officer|délégué|datenschutzbeauftragt|\bdp[od]\b|questions|fragen"
    r"|reach us|how to reach",
    re.I,
)
TEMPLATES = {
    "email_html": "notice_email.html",
    "email_text": "notice_email.txt",
    "banner": "notice_banner.txt",
    "changelog": "notice_changelog.md",
    "drafting_notes": "notice_drafting_notes.md",
}
FILE_NAMES = {
    "email_html": "notice-email.html",
    "email_text": "notice-email.txt",
    "banner": "notice-banner.txt",
    "changelog": "notice-changelog.md",
    "drafting_notes": "notice-drafting-notes.md",
}


@dataclass(frozen=True)
class Contact:
    """Who users can ask: lines from the policy's contact / grievance section, and emails."""

    heading: str | None
    lines: tuple[str, ...]
    emails: tuple[str, ...]

    @property
    def unquoted_emails(self) -> tuple[str, ...]:
        """The emails none of ``lines`` already shows (a plain-text draft that quotes "Write to
        privacy@acme.example." should not add the same sentence again)."""
        return tuple(e for e in self.emails if not any(e in line for line in self.lines))


@dataclass(frozen=True)
class Notices:
    """The rendered drafts."""

    subject: str
    effective_date: date
    email_html: str
    email_text: str
    banner: str
    changelog: str
    drafting_notes: str  # for the person drafting: the changes left for review, never sent to users
    groups: tuple[NoticeGroup, ...] = field(default=())
    lang: str = "en"


def find_contact(document: PolicyDocument, configured: str | None = None) -> Contact:
    """The policy's own contact or grievance-officer section (its lines and emails), plus ``configured``."""
    emails: list[str] = []
    lines: list[str] = []
    heading = None
    sections = [s for s in document.sections if s.heading and _CONTACT_HEADING.search(s.heading)]
    # prefer a grievance officer / DPO section over a generic "questions" one
    officer = re.compile(r"grievance|officer|dp[od]|data protection|délégué|beauftragt", re.I)
    sections.sort(key=lambda s: 0 if officer.search(s.heading) else 1)
    if sections:
        heading = sections[0].heading
        lines = [c.text for c in sections[0].clauses][:6]
        for line in lines:
            emails.extend(e for e in EMAIL.findall(line) if e not in emails)
    if configured and configured not in emails:
        emails.insert(0, configured) if EMAIL.fullmatch(configured) else lines.append(configured)
    return Contact(heading, tuple(lines), tuple(emails))


def group_material_changes(diff: DiffResult, lang: str = "en") -> tuple[NoticeGroup, ...]:
    """The material changes, one item per clause, grouped by their primary topic ("other" for none)."""
    return group_items(items_at(diff, "material", lang), lang)


def document_name(policy: PolicyConfig, text: dict[str, object]) -> str:
    """What the notices call the document: ``notice.document`` when set; else, in French and
    German, the language's own noun ("politique de confidentialité", "Datenschutzerklärung": the
    policy's name is often an English label, "Modification de la Acme Privacy Policy"); in
    English the policy's name."""
    return policy.notice.document or str(text.get("document") or policy.name)


def continued_use_sentence(setting: str, purpose_added: bool) -> bool:
    """Whether the drafts end with "by continuing to use our services you accept the updated
    policy": ``notice.continued_use`` = "always", "never", or "auto" (the default: only when no
    change adds a purpose or practice, for which consent by continued use is not valid)."""
    if setting == "always":
        return True
    return setting == "auto" and not purpose_added


def draft_notices(
    diff: DiffResult,
    *,
    policy: PolicyConfig,
    new_document: PolicyDocument,
    today: date | None = None,
    templates_dir: str | Path | None = None,
    report_url: str | None = None,
) -> Notices:
    """Render every notice draft for a classified diff, in the policy's language (French,
    German, else English), plus the drafting notes listing what a person must still read."""
    today = today or date.today()
    written_in = document_language(new_document)
    lang = notice_language(written_in)
    text = notice_text(lang)
    effective = today + timedelta(days=policy.notice.period_days)
    effective_text = format_date(effective, lang)
    company = policy.notice.company or policy.name
    # Without a configured company the policy's name would open the notice twice
    # ("Acme Privacy Policy is updating its Acme Privacy Policy"): say "we" instead.
    intro_key = "intro" if policy.notice.company else "intro_unnamed"
    name = document_name(policy, text)
    intro = str(text[intro_key]).format(company=company, policy=name)
    with use(rules_for(written_in)):
        material, review = items_at(diff, "material", lang), items_at(diff, "review", lang)
        editorial_count = len(items_at(diff, "editorial", lang))
    groups = group_items(material, lang)
    purpose_added = adds_purpose(material)
    subject = str(text["subject"]).format(policy=name, date=effective_text)
    context = {
        "subject": subject,
        "company": company,
        "intro": intro,
        "policy_name": name,
        "policy_url": policy.notice.policy_url or policy.url,
        "report_url": report_url,
        "effective_date": effective,
        "effective_date_text": effective_text,
        "today": today,
        "period_days": policy.notice.period_days,
        "groups": groups,
        "contact": find_contact(new_document, policy.notice.contact),
        "has_material": bool(groups),
        "other_count": sum(1 for c in diff.changes if c.materiality in {"review", "editorial"}),
        "last_updated": diff.new.last_updated,
        "lang": lang,
        "text": text,
        "review_items": tuple(review),
        "editorial_count": editorial_count,
        "adds_purpose": purpose_added,
        "continued_use": continued_use_sentence(policy.notice.continued_use, purpose_added),
    }
    rendered = {key: render(name, templates_dir, **context) for key, name in TEMPLATES.items()}
    return Notices(subject=subject, effective_date=effective, groups=groups, lang=lang, **rendered)


def notice_files(notices: Notices) -> dict[str, str]:
    """Every draft's text by the file name it is written under."""
    return {filename: getattr(notices, key) for key, filename in FILE_NAMES.items()}


def write_notices(notices: Notices, directory: Path) -> dict[str, Path]:
    """Write every draft into ``directory`` (atomically); returns their paths by kind."""
    atomic_write_files(directory, notice_files(notices))  # each flushed, the folder once
    return {key: directory / filename for key, filename in FILE_NAMES.items()}

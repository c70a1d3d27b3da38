"""A practice that moved between opt-out and opt-in (issue 17, rules in both directions).

"We send you offers unless you opt out" → "… only if you opt in" changes who has to act for the
practice to happen: the user's silence no longer allows it (or, the other way, now does). The
wording of each side is the language's ``opt_out`` / ``opt_in`` lists in
``tracker/data/clause_rules.toml`` ("unless you object", « sauf si vous vous y opposez »,
„sofern Sie nicht widersprechen"; "only with your consent", « avec votre consentement préalable »,
„nur mit Ihrer Einwilligung"). A clause that names one side only before and the other side only
after is material, whichever the direction.
"""

from __future__ import annotations

from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["consent_flip", "consent_model_reasons", "consent_side"]


def consent_side(text: str) -> str | None:
    """ "opt-out" when ``text`` words a practice the user must act to stop, "opt-in" when one the
    user must act to allow, None for neither or both."""
    words = vocabulary()
    out, into = bool(words.opt_out.search(text)), bool(words.opt_in.search(text))
    if out == into:
        return None  # neither, or both (a clause that offers both)
    return "opt-out" if out else "opt-in"


def consent_flip(old: str, new: str) -> str | None:
    """ "opt-out → opt-in" (or back) when ``old`` names one side only and ``new`` the other, else None."""
    before, after = consent_side(old), consent_side(new)
    if before is None or after is None or before == after:
        return None
    return f"{before} → {after}"


def consent_model_reasons(clause: ClauseChange) -> list[str]:
    """Material when a modified clause asked the user to opt out and now to opt in, or the
    other way round."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return []
    flip = consent_flip(strip_markup(clause.old_text), strip_markup(clause.new_text))
    return [f"consent model changed: {flip}"] if flip else []

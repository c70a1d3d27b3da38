"""Sentences that only point elsewhere: "For more information, see our Cookie Policy", "Vous
trouverez de plus amples détails dans notre Politique de confidentialité", "Weitere Informationen
finden Sie hier". Such a sentence states no practice of its own: the topic words of its
description ("on the data we process, for what purposes and on which legal basis") name what the
text it points to covers.

- a modified clause that is such a pointer before and after, and whose new words bring no topic
  term the old clause (or its section heading) lacked, is **editorial**: only the wording of a
  pointer changed ("via this link" → "here", a description shortened to "on this", a link text
  "click here" → "read our Cookie Policy" under "Cookies");
- an added or removed pointer is **review** at most: no lexicon rule makes it material, since the
  practice is stated (or not) in the text it points to.

A sentence is a pointer when it holds a pointer word and a target of its language (``pointers``,
``pointer_targets`` in ``tracker/data/clause_rules.toml``) and no right, obligation, negation,
firm modal or sale of data: "You can opt out by clicking here" grants a choice and is judged by
the other rules.
"""

from __future__ import annotations

import re

from tracker.classify.language import active
from tracker.classify.lexicon import Lexicon, matches, topic_stems
from tracker.classify.paraphrase import same_meaning
from tracker.classify.references import without_references
from tracker.classify.rules import SENTENCE_END, changed_text, strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["is_pointer", "pointed_title_reason", "pointer_reason"]


def _pointer_sentence(sentence: str) -> bool:
    words, grammar = vocabulary(), active()
    if not words.pointers.search(sentence) or not words.pointer_targets.search(sentence):
        return False
    if words.rights.search(sentence) or words.obligations.search(sentence) or grammar.sale.search(sentence):
        return False
    return not (grammar.negation.search(sentence) or grammar.strong_modal.search(sentence))


def is_pointer(text: str) -> bool:
    """True when every sentence of ``text`` only points to another text (a policy, a notice, "here")."""
    plain = strip_markup(text).strip()
    sentences = [s for s in SENTENCE_END.split(plain) if re.search(r"[^\W_]", s)]
    return bool(sentences) and len(plain.split()) <= 60 and all(_pointer_sentence(s) for s in sentences)


def pointer_reason(clause: ClauseChange, lexicon: Lexicon, heading: str = "") -> str | None:
    """Why a modified clause only reworded a pointer to another text, or None. A topic the
    section's ``heading`` names is no news in its pointer: "click here" → "read our Cookie
    Policy" under "Cookies" names the text on the section's own subject (a reworded link text)."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    if not (is_pointer(clause.old_text) and is_pointer(clause.new_text)):
        return None
    _, inserted = changed_text(clause)
    for topic in lexicon.topics:  # "see our policy on cookies" → "... on cookies and data sales" is news
        known = matches(topic, f"{clause.old_text} {heading}")
        if topic_stems(topic, matches(topic, inserted)) - topic_stems(topic, known):
            return None
    return "only the wording of a pointer to another text changed"


# A title quoted or put in brackets in a pointer: "see Section 5 (Your Rights)", « la section
# « Vos droits » », „im Abschnitt „Ihre Rechte““, “Your Rights” below.
_TITLE = re.compile(r"\([^()]{1,80}\)|«[^«»]{1,80}»|“[^“”]{1,80}”|„[^„“”]{1,80}[“”]|\"[^\"]{1,80}\"")


_TITLE_WORD = re.compile(r"[^\W\d_]{3}")  # a title has a word: "(f)" or "(1)" is a numbering's point


def _without_titles(text: str) -> str:
    return _TITLE.sub(lambda m: " " if _TITLE_WORD.search(m.group(0)) else m.group(0), text)


def pointed_title_reason(clause: ClauseChange) -> str | None:
    """Why a modified pointer only renamed the title of the section or text it points to ("see
    Section 5 (Your Rights)" → "see Section 6 (Your Choices and Rights)"), or None: the renamed
    heading is judged where it stands, the pointer states no practice of its own. Any word
    changed outside the quoted title and the section's number is left to the other rules."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    old, new = strip_markup(clause.old_text), strip_markup(clause.new_text)
    bare_old, bare_new = _without_titles(old), _without_titles(new)
    if bare_old == old or bare_new == new or not (is_pointer(old) and is_pointer(new)):
        return None
    # the section pointed to may be renumbered with its title: "Section 5" → "Section 6"
    bare_old, bare_new = without_references(bare_old), without_references(bare_new)
    if not same_meaning(bare_old, bare_new):
        return None
    return "only the title of the section a pointer names changed"

"""Edits that leave a clause's meaning alone although its words changed, recognised by what they
do NOT touch (issue 17, editorial classes):

- **example struck out**: a modified clause that only lost a run opening with an example word
  ("(for example, ...)", "par exemple ...", "z. B. ..."), or only lost names from a list of
  examples that keeps another ("like GitHub and Twitter" → "like GitHub");
- **acronym spelled out**: the only change spells out an acronym of the clause or shortens a
  name to it ("our DPO" → "our Data Protection Officer (DPO)", "§ 147 AO" → "§ 147 Abgabenordnung");
- **date line**: an added or removed clause that only states the policy's own date ("Last
  updated: March 3, 2025"); the date itself is reported by the diff's ``date_changed``;
- **minor rewording**: a modified clause whose changed words are few (at most two stems gone and
  two new, one word for another or a third of the clause at most), touch no topic term of the
  lexicon (a term swapped for its synonym aside: "share" → "disclose"), no number, name,
  e-mail address, negation, "only" word or modal ("en vue de" → "de", "30 Tage" → "dreißig
  Tage": a number written out is the same number).
  A capitalised word may change only inside a title that keeps another of its words (link
  texts such as "Cookie Notice" → "Cookie Policy"); a lone name ("Stripe" → "Adyen") may not.
  It runs only when no materiality rule fired: it turns a "review" into "editorial", never a
  "material". Items struck from a list of examples of a lower-case practice ("notify you (e.g.,
  in the app or via email)" → "(e.g., in the app)") are no rule's business either way: review.
"""

from __future__ import annotations

import re
import unicodedata

from tracker.classify.language import active
from tracker.classify.lexicon import Lexicon, matches, topic_stems
from tracker.classify.names import changed_names, example_items_struck, listed_as_example, titles, undotted
from tracker.classify.paraphrase import meaning_words, polarity
from tracker.classify.parties import emails
from tracker.classify.rules import changed_text, strip_markup, unnumbered
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["acronym_reason", "date_line_reason", "example_reason", "minor_rewording_reason"]

_DATE_PART = re.compile(r"\b\d{1,4}(?:st|nd|rd|th|er)?\b|[./-]")


def _only_a_date(text: str) -> bool:
    """True when ``text`` states the policy's date and nothing else ("Last updated: 3 March 2025")."""
    words = vocabulary()
    plain = strip_markup(text)
    if not words.policy_date.search(plain) or not (re.search(r"\d", plain) or words.months.search(plain)):
        return False
    rest = words.policy_date.sub(" ", words.months.sub(" ", _DATE_PART.sub(" ", plain)))
    leftover = set(meaning_words(rest)) - set(meaning_words(words.policy_names))
    return not leftover and len(plain.split()) <= 12


def date_line_reason(clause: ClauseChange) -> str | None:
    """Why an added or removed clause is only the policy's own date line, or None."""
    if clause.kind not in {"added", "removed"}:
        return None
    if _only_a_date(clause.new_text or clause.old_text or ""):
        return f"date line {clause.kind}: it only states the policy's date"
    return None


_MAX_STEMS = 2  # changed meaning-bearing stems on either side
_MAX_SHARE = 0.34  # of the clause's meaning-bearing stems


def example_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only lost an example ("..., for example 12 or 24 months"), or None:
    every changed run is a deletion that opens with an example word."""
    if clause.kind not in {"modified", "moved"}:
        return None
    changed = [w for w in clause.words if w.op != "equal"]
    if not changed or any(w.op != "delete" and re.search(r"[^\W_]", w.text) for w in changed):
        return None
    opens = vocabulary().examples
    deleted = [w.text.strip(" ,;:()[]—–-") for w in changed if w.op == "delete" and re.search(r"[^\W_]", w.text)]
    if not deleted:
        return None
    if all(opens.match(run) for run in deleted) or _names_struck_from_examples(deleted, clause):
        return "only an example struck out"
    return None


_JOINS = re.compile(r"^(?:and|or|und|oder|et|ou|&)\s+", re.IGNORECASE)


def _names_struck_from_examples(deleted: list[str], clause: ClauseChange) -> bool:
    """Each deleted run is a name (with the "and" / "or" joining it) from a list of examples of the
    old clause, and the new clause still lists a name in that list."""
    old, new = clause.old_text or "", clause.new_text or ""
    for run in deleted:
        name = " ".join(_JOINS.sub("", strip_markup(run)).split())
        if not name or not all(w[:1].isupper() for w in name.split()):
            return False  # lower-case words went too: more than a name
        if not listed_as_example(name, old):
            return False
    return any(listed_as_example(" ".join(n), new) for n in titles(new))


_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,6}\b")


def _unaccented(text: str) -> str:
    """``text`` in lower case without its accents ("É" → "e"): « Espace économique européen » is
    "EEE"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _initials(words: list[str]) -> str:
    return _unaccented("".join(w[0] for w in words))


def _expands(words: list[str], acronym: str) -> bool:
    """True when ``words`` spell out ``acronym``: the initials of their capitalised words
    ("Data Protection Officer" = "DPO") or of their words other than function words
    ("Commission nationale de l'informatique et des libertés" = "CNIL"), or one word holding its
    letters in order from the first ("Abgabenordnung" = "AO"; a compound of up to three words
    whose initials are among them: "Datenschutz-Grundverordnung" = "DSGVO")."""
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) > 1 and _initials(caps) == _unaccented(acronym):
        return True
    content = [w for w in words if w.lower() not in vocabulary().function_words]
    if len(content) > 1 and _initials(content) == _unaccented(acronym):
        return True  # a name spelled in lower case: "Commission nationale de l'informatique …"
    joined = "".join(words).lower()  # "Datenschutz-Grundverordnung" = "DSGVO"
    initials_in = all(w[:1].lower() in acronym.lower() for w in words)
    if len(words) <= 3 and initials_in and joined[:1] == acronym[0].lower() and len(joined) > len(acronym):
        rest = iter(joined[1:])
        return all(letter in rest for letter in acronym[1:].lower())
    return False


def acronym_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only spelled out an acronym or shortened a name to it ("our DPO" →
    "our Data Protection Officer (DPO)", "§ 147 AO" → "§ 147 Abgabenordnung"), or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    before, after = set(_ACRONYM.findall(undotted(clause.old_text))), set(_ACRONYM.findall(undotted(clause.new_text)))
    acronyms = before | after
    runs = [re.findall(r"[^\W\d_]+", undotted(w.text)) for w in clause.words if w.op != "equal"]
    runs = [r for r in runs if r]
    if not runs or not acronyms:
        return None
    spelled: set[str] = set()
    for words in runs:
        if all(w in acronyms for w in words):
            continue  # the acronym itself, kept in brackets or dropped
        found = {a for a in acronyms if _expands(words, a) or _expands([w for w in words if w not in acronyms], a)}
        if not found:
            return None
        spelled |= found
    # an acronym gained or lost is spelled out or shortened, never another one ("the EU" → "the US")
    if (before ^ after) - spelled:
        return None
    return "only an acronym spelled out (or a name shortened to it)"


def _numbers(text: str) -> set[int]:
    """The numbers of ``text``, in digits or in words ("30" = "thirty" = "dreißig")."""
    words = dict(active().number_words)
    found = {int(d) for d in re.findall(r"\d+", strip_markup(text))}
    return found | {words[w] for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()) if w in words}


def _canonical(text: str, lexicon: Lexicon) -> str:
    """``text`` with each phrase of a topic's synonym group read as the group's first phrase
    ("get in touch with us" → "contact us with us"), so that a synonym phrase counts as one word."""
    plain = strip_markup(text)
    for topic in lexicon.topics:
        for group in topic.synonyms:
            for term in group[1:]:
                if " " in term and term in matches(topic, plain):
                    plain = re.sub(rf"\b{re.escape(term)}\b", group[0], plain, flags=re.IGNORECASE)
    return plain


def _new_capitals(run: str, other: str) -> bool:
    """``run`` holds a capitalised word (a sentence's first word too) that ``other`` lacks in any case."""
    known = {w.casefold() for w in re.findall(r"[\w’'&-]+", other)}
    we = vocabulary().first_person.fullmatch
    return any(w.casefold() not in known and not we(w) for w in re.findall(r"\b[A-Z][\w’'&-]*", run))


def minor_rewording_reason(clause: ClauseChange, lexicon: Lexicon) -> str | None:
    """Why a modified clause on which no rule fired is a minor rewording, or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    old, new = unnumbered(clause.old_text), unnumbered(clause.new_text)  # "5.1 For …" → "For …": no number
    if polarity(old) != polarity(new) or emails(old) != emails(new):
        return None
    if _numbers(old) != _numbers(new):
        return None
    gone_names, new_names, _ = changed_names(old, new)
    if gone_names or new_names or example_items_struck(clause):
        return None  # a name, or an illustration of a commitment ("or via email"), went: read it
    deleted, inserted = changed_text(clause)
    if not active().names_by_case and re.search(r"\b[A-ZÄÖÜ]", f"{deleted} {inserted}"):
        return None  # every noun is capitalised (German): a changed noun may be a name
    we = vocabulary().first_person.search
    if (we(deleted) and _new_capitals(inserted, old)) or (_new_capitals(deleted, new) and we(inserted)):
        return None  # "We use …" → "Google uses …": someone named does it now (own names: ``own_name``)
    readers = vocabulary().reader_nouns
    gone_readers = {m.group(0)[:5].casefold() for m in readers.finditer(deleted)}
    new_readers = {m.group(0)[:5].casefold() for m in readers.finditer(inserted)}
    if gone_readers and new_readers and gone_readers != new_readers:
        return None  # "customers can …" → "visitors can …": other people ("users" → "user·s" are the same)
    before, after = set(meaning_words(_canonical(old, lexicon))), set(meaning_words(_canonical(new, lexicon)))
    gone, added = before - after, after - before
    if len(gone) > _MAX_STEMS or len(added) > _MAX_STEMS:
        return None
    if len(gone | added) > max(2, _MAX_SHARE * len(before | after)):  # one word for another always fits
        return None
    for topic in lexicon.topics:  # a topic word changed, unless for its synonym ("share" → "disclose")
        gone_words, new_words = matches(topic, deleted), matches(topic, inserted)
        changed = (gone_words or new_words) and topic_stems(topic, gone_words) != topic_stems(topic, new_words)
        # a phrase the redline cuts ("contact us" → "get in touch with us"): read the clause whole
        if changed and topic_stems(topic, matches(topic, old)) != topic_stems(topic, matches(topic, new)):
            return None
    return "minor rewording: a word or two changed, none on a topic, number, name or commitment"

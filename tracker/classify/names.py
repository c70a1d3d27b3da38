"""Names in a clause: runs of capitalised words ("Stripe", "Amazon Web Services", "Cookie
Notice"), the first word of a sentence left out, and which of them a change brought or took away.
In German, where every noun is capitalised, the nouns ("Dachverband", "Steuerberater").

A run all of whose words are new is a new name ("Stripe" → "Stripe and Adyen": "Adyen"); a run
that keeps one of its words and changes another is a title renamed ("Cookie Notice" → "Cookie
Policy"), not a new name. A list item's first word after its number ("3.5 If you wish") opens a
sentence; "You", "Your", "We", "Our" capitalised as defined terms are no names, nor are they
with a contraction ("We're", "You’ll"); a month ("November 14, 2024") is part of a date, no
name, and a lone function word ("For" after a link's text) opens a sentence the text's markup
hid. A word is compared without its possessive and in any case ("HAPPN’s" = "HAPPN", "Data
Controller" = "data controller").
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from tracker.classify.equivalents import equivalents
from tracker.classify.language import LanguageRules, active
from tracker.classify.memo import per_classification
from tracker.classify.rules import EMAIL, spelled_out, strip_markup
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange

__all__ = ["changed_names", "example_items_struck", "listed_as_example", "titles", "undotted"]

_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")  # "U.S.", "U.K.": the acronyms "US", "UK"


def undotted(text: str) -> str:
    """``text`` with acronyms written with dots read without them ("the U.S." → "the US")."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text) if "." in text else text


# a name may hold "of" / "de", "du", "des", "à la" between its capitalised words ("Délégué à la
# Protection des Données", "Bureau du DPD"); "and" joins two names, not one
_TITLE = re.compile(r"[A-Z][\w’'&-]*(?:\s+(?:(?:of|de|du|des|de la|à la|à l’|à l')\s+)?[A-Z][\w’'&-]*)*")
# what stands before the first word of a sentence, a list item, a line or a link text
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•*>\[]\s*|\n\s*)$")
# a list item's number or letter before a sentence's first word ("3.5 If you wish", "b) Collect")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,4})[.)]{0,2}\s+$")
# a single capitalised word after these is a defined term of the policy ("the Services", "our App")
_DEFINED = re.compile(r"\b(?:the|our|this|these|your|such|any|le|la|les|notre|nos|vos|votre|l’|l')\s*$", re.IGNORECASE)


def _tail(text: str, end: int, keep: int) -> str:
    """``text[:end]`` cut to its last ``keep`` non-space characters and the whitespace after them:
    all that ``_SENTENCE_START`` (``keep`` 1) or ``_DEFINED`` (``keep`` 6: a word of at most five
    letters and the character before it, for ``\\b``) can match, as both end in ``\\s*$``. Searching
    the whole of ``text[:end]`` for every name cost the square of the clause's length."""
    start = end
    while start > 0 and text[start - 1].isspace():  # the same characters as \s
        start -= 1
    return text[max(0, start - keep) : end] if start else text[:end]


def _opens(text: str, start: int) -> bool:
    """The word at ``start`` opens a sentence, a line or a list item (after its
    number or letter: "3.5 If you wish", "b) Collect")."""
    if _SENTENCE_START.search(_tail(text, start, 1)):
        return True
    number = _ENUMERATOR.search(text[max(0, start - 16) : start])
    return number is not None and bool(_SENTENCE_START.search(_tail(text, start - len(number.group(0)), 1)))


def _pronoun(word: str) -> bool:
    """``word`` is the policy's "we" or the reader's "you" ("You", "Your", "Our"), also with a
    contraction ("We're", "You’ll")."""
    words = vocabulary()
    word = _CONTRACTED.sub("", word)
    return bool(words.second_person.fullmatch(word) or words.first_person.fullmatch(word))


_CONTRACTED = re.compile(r"[’'](?:re|ll|ve|d|m)$", re.IGNORECASE)


def _month(word: str) -> bool:
    """``word`` is a month's name ("November", "Januar"): a date's part, not a name."""
    return bool(vocabulary().months.fullmatch(word.casefold()))


def _bare(word: str) -> str:
    """A word compared as a name: without a possessive ("HAPPN’s" = "HAPPN"), in any case
    ("Responsable de Traitement" = "responsable du traitement")."""
    return _POSSESSIVE.sub("", word).casefold() if "'" in word or "’" in word else word.casefold()


_POSSESSIVE = re.compile(r"[’']s?$")


def titles(text: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words, each as its words, without the first word of a sentence and
    without single defined terms ("the Services"). In a language that capitalises every noun
    (``names_by_case`` false: German) these are its nouns, each a run of its own."""
    return list(_titles(active(), text))


@per_classification(maxsize=1024)  # the rules ask for one text's names several times
def _titles(rules: LanguageRules, text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(_title_runs(rules, text))


def _title_runs(rules: LanguageRules, text: str) -> list[tuple[str, ...]]:
    text = undotted(EMAIL.sub(" ", strip_markup(text))).strip()
    if not rules.names_by_case:  # the rules the cache is keyed on (``active()`` when asked)
        pronouns = vocabulary().function_words  # "Sie", "Ihre", "Ihrer": the polite pronoun, not a noun
        nouns = [m for m in re.finditer(r"\b[A-ZÄÖÜ][\w’'&-]*", text) if not _opens(text, m.start())]
        return [(m.group(0),) for m in nouns if m.group(0).lower() not in pronouns and not _month(m.group(0))]
    runs, function_words = [], vocabulary().function_words
    for match in _TITLE.finditer(text):
        words = tuple(w for w in match.group(0).split() if w[0].isupper() and not _month(w))
        if not words:
            continue  # a date's month alone ("reviewed in November")
        if _opens(text, match.start()) and (len(words) == 1 or words[0].lower() in function_words):
            words = words[1:]  # "We", "Our", a lone first word: capitalised as a sentence opens
        while words and _pronoun(words[0]):
            words = words[1:]  # "You", "Your Province": a pronoun capitalised as a defined term is no name
        while words and _pronoun(words[-1]):
            words = words[:-1]  # "News We updated …": a banner's word run into the sentence's "We"
            if len(words) == 1 and _opens(text, match.start()):
                words = ()  # the banner's lone word opens the line
        if len(words) == 1 and not words[0].isupper() and _DEFINED.search(_tail(text, match.start(), 6)):
            continue
        if len(words) == 1 and words[0].lower() in function_words:
            continue  # "[LEARN MORE] For more information": a sentence opens after the link's text
        if len(words) == 1 and _quoted(text, match.start(), match.end()):
            continue  # ("Services" or "Acme Services"): the label a definition gives, no party
        if words:
            runs.append(words)
    return runs


_OPENING_QUOTES, _CLOSING_QUOTES = "\"“„«‘'", "\"”“»’'"


def _quoted(text: str, start: int, end: int) -> bool:
    """The word ``text[start:end]`` stands alone between quotation marks inside brackets, as a
    definition gives its label ("all of our services (“Services”)"; a name quoted in running text,
    "our partner “Paylane”", is not one)."""
    before, after = text[:start].rstrip(" \u00a0"), text[end:].lstrip(" \u00a0")
    if not (before and after) or before[-1] not in _OPENING_QUOTES or after[0] not in _CLOSING_QUOTES:
        return False
    return before.rfind("(") > before.rfind(")")


def _spelled(run: tuple[str, ...], text: str) -> bool:
    """The run is an acronym ``text`` spells out, or spells out an acronym of ``text``."""
    if any(len(w) > 1 and w.isupper() and spelled_out(w, text) for w in run):
        return True  # "DPO", "Bureau du DPD": the office the other version spells out
    initials = "".join(w[0] for w in run).lower()
    acronyms = {w.lower() for r in titles(text) for w in r if w.isupper()}
    return len(run) > 1 and initials in acronyms


def changed_names(old: str, new: str) -> tuple[list[str], list[str], bool]:
    """(names gone, names new, renamed). A run that lost (gained) two or more of its words, or
    all of them, is a name gone (new): "Nida Sheereen" → "Rahul Mehta", "Stripe" → "Adyen". A run
    that changed one word and kept another is a title renamed ("Cookie Notice" → "Cookie Policy")."""
    gone, new_names, renamed = _changed_names(active(), old, new)
    return list(gone), list(new_names), renamed


@per_classification(maxsize=256)  # several rules compare the same clause's two versions
def _changed_names(rules: LanguageRules, old: str, new: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    before, after = titles(old), titles(new)
    # a word standing anywhere in the other version (a sentence's first word too: "gem. Ziffer 4"
    # → "gemäß Ziffer 5"), in any case and with or without a possessive, is not a name gained or lost
    words_before = _hyphen_parts(
        {_bare(w) for w in [w for r in before for w in r] + re.findall(r"[\w’'&-]+", undotted(strip_markup(old)))}
    )
    words_after = _hyphen_parts(
        {_bare(w) for w in [w for r in after for w in r] + re.findall(r"[\w’'&-]+", undotted(strip_markup(new)))}
    )
    found: tuple[list[str], list[str]] = ([], [])
    renamed = False
    verbs_before, verbs_after = (_verb_families(rules, t) for t in (old, new))
    for runs, other, text, names, verbs in (
        (before, words_after, new, found[0], verbs_after),
        (after, words_before, old, found[1], verbs_before),
    ):
        for run in runs:
            changed = [w for w in run if not _known(_bare(w), other) and _family(w) not in verbs]
            if not changed or _spelled(run, text):
                continue
            if len(changed) >= 2 or len(changed) == len(run):
                if not _document_title(changed):  # "the Privacy Policy", "our Cookie Notice": no party
                    names.append(" ".join(changed))
            else:
                renamed = True
    return tuple(found[0]), tuple(found[1]), renamed


# A German noun made from a verb begins with the verb's letters: "Einwilligung" / "eingewilligt",
# "Abwicklung" / "abzuwickeln", "Weitergabe" / "weitergeben"; six letters tell the family apart.
_FAMILY = 6


def _family(word: str) -> str:
    """The first letters of a word without the "ge" / "zu" a participle or infinitive puts after
    its particle ("eingewilligt" → "einwil", "abzuwickeln" → "abwick"), in lower case."""
    word = word.casefold()
    for particle in equivalents().particles:
        for infix in ("ge", "zu"):
            if word.startswith(particle + infix) and len(word) > len(particle + infix) + 3:
                word = particle + word[len(particle + infix) :]
                break
    if word.startswith("ge") and len(word) > _FAMILY + 2:
        word = word[2:]
    return word[:_FAMILY] if len(word) >= _FAMILY else word + "\0"


def _verb_families(rules: LanguageRules, text: str) -> frozenset[str]:
    """Where every noun is capitalised (German), the word families of the text's words written in
    lower case (verbs, participles, particles): a noun of such a family in the other version is
    the same act named as a noun ("es sei denn, Sie haben eingewilligt" → "ohne Ihre Einwilligung"),
    not a recipient or party named."""
    if rules.names_by_case:
        return frozenset()
    words = re.findall(r"\b[a-zäöüß][\w’'-]*", undotted(strip_markup(text)))
    return frozenset(_family(w) for w in words if len(w) >= _FAMILY)


def _hyphen_parts(words: set[str]) -> set[str]:
    """``words`` and the parts of its hyphenated words ("third-party": "third", "party"), so
    that "Third Party" → "Third-Party" (or back) is the same name written with a hyphen."""
    return words | {part for word in words if "-" in word for part in word.split("-") if part}


def _known(word: str, other: set[str]) -> bool:
    """The word, or every part of it when hyphenated, stands in the other version."""
    return word in other or ("-" in word and all(part in other for part in word.split("-") if part))


def _document_title(words: list[str]) -> bool:
    """Every word names a kind of policy document ("Privacy Policy", "Cookie Notice",
    « Politique de confidentialité », „Datenschutzerklärung“: the language's ``Vocabulary.document_words``)."""
    kinds = vocabulary().document_words
    return all(_bare(word) in kinds for word in words)


# between a list's opener and one of its names: other names and the words that join them
_LIST_GAP = re.compile(r"[\s,(]*(?:(?:[A-ZÄÖÜ][\w’'&.-]*|and|or|und|oder|et|ou|&)[\s,]*){0,12}")


def listed_as_example(name: str, text: str) -> bool:
    """True when ``name`` stands in a list of examples in ``text`` ("providers such as Stripe and
    Adyen", "names on social media like GitHub and Twitter", "z. B. Google oder Apple"): it
    illustrates a category the clause names rather than naming a new recipient or source."""
    plain = strip_markup(text)
    opener = vocabulary().example_lists
    for found in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", plain):
        before = plain[max(0, found.start() - 160) : found.start()]
        if any(_LIST_GAP.fullmatch(before[m.end() :]) for m in opener.finditer(before)):
            return True
    return False


_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_JOINS = frozenset({"or", "and", "ou", "et", "oder", "und"})


def example_items_struck(clause: ClauseChange) -> bool:
    """True when a modified clause only lost items of a list of examples that keeps another
    ("we will notify you (e.g., within the Services or via email)" → "(e.g., within the
    Services)"): the commitment stands, an illustration of it went."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return False
    old = [m for m in _TOKEN.finditer(strip_markup(clause.old_text))]
    new = [m.group(0) for m in _TOKEN.finditer(strip_markup(clause.new_text))]
    opener, plain = vocabulary().example_lists, strip_markup(clause.old_text)
    ops = SequenceMatcher(None, [m.group(0) for m in old], new, autojunk=False).get_opcodes()
    struck = [(i1, i2) for op, i1, i2, _, _ in ops if op != "equal"]
    if not struck or any(op in {"insert", "replace"} for op, *_ in ops):
        return False
    for i1, i2 in struck:
        words = [m.group(0).lower() for m in old[i1:i2]]
        if words[0] not in _JOINS and words[0] != ",":
            return False
        before = plain[max(0, old[i1].start() - 100) : old[i1].start()]
        found = [m for m in opener.finditer(before) if not re.search(r"[.;:!?)]", before[m.end() :])]
        if not found or not re.search(r"[^\W\d_]{2,}", before[found[-1].end() :]):
            return False  # not in a list of examples, or nothing of the list is left
    return True

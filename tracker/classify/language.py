"""The language a policy is written in, and the grammar the classifier's rules need to read it.

- ``detect_language(text)`` names the language of a document's text (ISO 639-1, "en", "fr",
  "de", ...) with ``py3langid``, a maintained n-gram detector that needs no network.
- ``rules_for(lang)`` gives that language's ``LanguageRules``: its Snowball stemmer, its
  negations ("not", "ne … pas", "nicht"), firm and weak modals ("will" / "may", "nous nous
  engageons" / "pouvons", "wir werden" / "können"), commitment phrases, restriction words,
  consent conditions, sale words, retention wording, durations and age thresholds, and the
  name of its topic lexicon. The grammar is data, in ``tracker/data/languages.toml``; the
  lexicons are ``tracker/data/lexicon*.toml``. A language without an entry there is not
  supported (``rules.supported`` is False): the classifier rates its changes "review" with
  the reason ``UNSUPPORTED_REASON``, never "material".
- ``use(rules)`` makes ``rules`` the language the rules read while a diff is classified, and
  ``active()`` returns it (English outside ``use``). A context variable, not a parameter, so
  every rule function keeps its signature whichever language it reads.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import threading
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources

import snowballstemmer

UNSUPPORTED_REASON = "language not supported"
DEFAULT_LANGUAGE = "en"
# a text this short says too little to tell its language reliably; it is read as English
_MIN_WORDS = 5
# below this confidence the detector's guess of a language we do not read is not trusted on a
# short text, and the best-ranked supported language is taken instead
_CONFIDENT = 0.5
_SHORT_TEXT_WORDS = 40
SAMPLE_CHARS = 6000  # how much of a text ``detect_language`` reads: the rest cannot change its answer
_MARKUP = re.compile(r"\]\([^)\s]*\)?|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class LanguageRules:
    """What the classifier's rules need to read one language (see ``tracker/data/languages.toml``)."""

    code: str
    name: str
    supported: bool
    stemmer: str
    lexicon_file: str
    negation: re.Pattern[str]
    strong_modal: re.Pattern[str]
    weak_modal: re.Pattern[str]
    promise: re.Pattern[str]
    removed_promise: re.Pattern[str]
    only: re.Pattern[str]
    condition: re.Pattern[str]
    sale: re.Pattern[str]
    retention_context: re.Pattern[str]
    open_ended: re.Pattern[str]
    age: re.Pattern[str]
    duration: re.Pattern[str]
    number_words: tuple[tuple[str, int], ...] = field(repr=False)
    unit_hours: tuple[tuple[re.Pattern[str], int], ...] = field(repr=False)
    verb_endings: tuple[str, ...] = ()
    kept_endings: tuple[str, ...] = ()
    min_stem: int = 0
    # capitals mark names (English, French); False where every noun is capitalised (German)
    names_by_case: bool = True

    def stem(self, word: str) -> str:
        """The Snowball stem of one word, lower-cased ("gathers" → "gather"), after the
        language's ``verb_endings`` Snowball keeps ("partageons" → "partage" → "partag")."""
        word = word.lower()
        if not word.endswith(self.kept_endings or ("\0",)):
            for ending in self.verb_endings:
                if word.endswith(ending) and len(word) - len(ending) >= self.min_stem:
                    word = word[: -len(ending)]
                    break
        return _stem(self.stemmer, word)

    def stem_phrase(self, phrase: str) -> str:
        """Every word of ``phrase`` stemmed, joined by single spaces ("third parties" → "third parti")."""
        return " ".join(self.stem(w) for w in phrase.split())

    def stems(self, phrases: Iterable[str]) -> set[str]:
        """The stemmed form of each phrase, so an inflection change is not new text."""
        return {self.stem_phrase(p) for p in phrases}

    def durations(self, text: str) -> list[int]:
        """Every duration in ``text``, in hours ("five years", "cinq ans", "fünf Jahre" → 43800;
        "72 hours" → 72)."""
        words = dict(self.number_words)
        out = []
        for match in self.duration.finditer(text):
            number, unit = match.group(1), match.group(2)
            value = int(number) if number.isdigit() else words.get(number.lower(), 0)
            hours = next((h for pattern, h in self.unit_hours if pattern.fullmatch(unit)), 0)
            out.append(value * hours)
        return out

    def ages(self, text: str) -> set[int]:
        """The age thresholds stated in ``text`` ("under 16", "moins de 15 ans", "unter 16 Jahren")."""
        found = set()
        for match in self.age.finditer(text):
            age = next((g for g in match.groups() if g), None)
            if age:
                found.add(int(age))
        return found


_STEMMERS: dict[str, snowballstemmer.stemmer] = {}
_STEM_LOCK = threading.Lock()  # a Snowball stemmer object keeps its word in itself: one caller at a time


@functools.lru_cache(maxsize=65536)
def _stem(algorithm: str, word: str) -> str:
    with _STEM_LOCK:
        stemmer = _STEMMERS.get(algorithm)
        if stemmer is None:
            stemmer = _STEMMERS[algorithm] = snowballstemmer.stemmer(algorithm)
        return str(stemmer.stemWord(word))


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else "(?!)", re.IGNORECASE)


def _duration_regex(number_words: dict[str, int], units: dict[str, int]) -> re.Pattern[str]:
    numbers = "|".join(re.escape(w) for w in sorted(number_words, key=len, reverse=True))
    unit_forms = "|".join(sorted(units, key=len, reverse=True))
    return re.compile(rf"\b(\d+|{numbers})\s*\(?\d*\)?\s*({unit_forms})\b", re.IGNORECASE)


def _build(code: str, spec: dict[str, object]) -> LanguageRules:
    def patterns(key: str) -> re.Pattern[str]:
        return _alternation(list(spec.get(key, [])))  # type: ignore[call-overload]

    number_words = {str(k).lower(): int(v) for k, v in dict(spec.get("number_words", {})).items()}  # type: ignore[call-overload]
    units = {str(k): int(v) for k, v in dict(spec.get("units", {})).items()}  # type: ignore[call-overload]
    return LanguageRules(
        code=code, name=str(spec["name"]), supported=True, stemmer=str(spec["stemmer"]),
        lexicon_file=str(spec["lexicon"]), negation=patterns("negation"), strong_modal=patterns("strong_modal"),
        weak_modal=patterns("weak_modal"), promise=patterns("promise"),
        removed_promise=patterns("removed_promise"), only=patterns("only"),
        condition=patterns("condition"), sale=patterns("sale"), retention_context=patterns("retention_context"),
        open_ended=patterns("open_ended"), age=patterns("age"), duration=_duration_regex(number_words, units),
        number_words=tuple(number_words.items()),
        unit_hours=tuple((re.compile(u, re.IGNORECASE), h) for u, h in units.items()),
        verb_endings=tuple(spec.get("verb_endings", ())), kept_endings=tuple(spec.get("kept_endings", ())),  # type: ignore[arg-type]
        min_stem=int(spec.get("min_stem", 0)),  # type: ignore[call-overload]
        names_by_case=bool(spec.get("names_by_case", True)),
    )  # fmt: skip


@functools.cache
def _shipped() -> dict[str, LanguageRules]:
    text = resources.files("tracker").joinpath("data", "languages.toml").read_text(encoding="utf-8")
    return {code: _build(code, spec) for code, spec in tomllib.loads(text).items()}


def supported_languages() -> tuple[str, ...]:
    """The codes of the languages the classifier reads ("en", "fr", "de")."""
    return tuple(_shipped())


@functools.cache
def rules_for(lang: str) -> LanguageRules:
    """The rules for ``lang``; for a language we do not read, the English grammar marked
    ``supported=False`` (the classifier then rates nothing material)."""
    shipped = _shipped()
    if lang in shipped:
        return shipped[lang]
    english = shipped[DEFAULT_LANGUAGE]
    return replace(english, code=lang, name=language_name(lang), supported=False)


def language_name(lang: str) -> str:
    """The English name of a language code ("fr" → "French"; an unknown code is returned as is)."""
    shipped = _shipped()
    if lang in shipped:
        return shipped[lang].name
    return _OTHER_NAMES.get(lang, lang)


# names of the languages people most often meet in policies we do not read, for the reasons shown
_OTHER_NAMES = {
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "sv": "Swedish",
    "da": "Danish", "nb": "Norwegian", "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "ro": "Romanian",
    "hu": "Hungarian", "el": "Greek", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "ja": "Japanese",
    "zh": "Chinese", "ko": "Korean", "ar": "Arabic", "he": "Hebrew", "hi": "Hindi", "id": "Indonesian",
}  # fmt: skip


_IDENTIFIER: list[object] = []
_IDENTIFIER_LOCK = threading.Lock()  # check classifies in several threads: the model is loaded once, not per thread


def _identifier() -> object:
    if not _IDENTIFIER:
        with _IDENTIFIER_LOCK:
            if not _IDENTIFIER:
                from tracker.classify.langmodel import load_identifier  # its model: only when needed

                _IDENTIFIER.append(load_identifier(norm_probs=True))
    return _IDENTIFIER[0]


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in.

    Links, URLs and e-mail addresses are left out first (their words are English-looking
    noise). A text of fewer than five words is read as English. On a short text (under 40
    words) the detector must be at least 0.5 sure to name a language the classifier does not
    read; otherwise the best-ranked supported language is taken."""
    return _language_of(text[:SAMPLE_CHARS])


@functools.lru_cache(maxsize=256)
def _language_of(sample_text: str) -> str:
    # cached: the old and new version of a change mostly open alike, and its notices ask again
    words = _LETTER_WORD.findall(_MARKUP.sub(" ", sample_text))
    if len(words) < _MIN_WORDS:
        return DEFAULT_LANGUAGE
    sample = " ".join(words)
    ranked = _identifier().rank(sample)  # type: ignore[attr-defined]
    best, confidence = ranked[0]
    supported = _shipped()
    if best in supported or (confidence >= _CONFIDENT or len(words) >= _SHORT_TEXT_WORDS):
        return str(best)
    return str(next(code for code, _ in ranked if code in supported))


_ACTIVE: contextvars.ContextVar[LanguageRules | None] = contextvars.ContextVar("classify_language", default=None)


def active() -> LanguageRules:
    """The language the classifier's rules are reading now (English unless inside ``use``)."""
    return _ACTIVE.get() or rules_for(DEFAULT_LANGUAGE)


@contextlib.contextmanager
def use(rules: LanguageRules) -> Iterator[LanguageRules]:
    """Within this block, ``active()`` is ``rules``."""
    token = _ACTIVE.set(rules)
    try:
        yield rules
    finally:
        _ACTIVE.reset(token)

"""The words of the notice drafts in the policy's language (``tracker/data/notice_text.toml``).

English, French and German are written out there by people (no machine translation). A notice
is drafted in the language of the new version of the policy when it is one of them, else in
English; a phrase missing from a language falls back to its English wording.
"""

from __future__ import annotations

import functools
import tomllib
from datetime import date
from importlib import resources
from typing import Any

from tracker.classify import default_lexicon

DEFAULT = "en"


@functools.cache
def _all_texts() -> dict[str, dict[str, Any]]:
    raw = resources.files("tracker").joinpath("data", "notice_text.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def notice_languages() -> tuple[str, ...]:
    """The languages a notice can be drafted in."""
    return tuple(_all_texts())


def notice_language(lang: str) -> str:
    """``lang`` when notices can be drafted in it, else English."""
    return lang if lang in _all_texts() else DEFAULT


@functools.cache
def notice_text(lang: str) -> dict[str, Any]:
    """Every phrase of the drafts in ``lang`` (English for a phrase or language not written out)."""
    texts = _all_texts()
    english = texts[DEFAULT]
    chosen = texts.get(lang, english)
    merged: dict[str, Any] = {**english, **chosen}
    for table in ("topics", "labels"):
        merged[table] = {**english.get(table, {}), **chosen.get(table, {})}
    return merged


def topic_phrase(topic: str, lang: str) -> str:
    """What a change on ``topic`` is about, to end "We changed a passage on …"."""
    phrases = notice_text(notice_language(lang))["topics"]
    return str(phrases.get(topic, phrases["other"]))


def topic_label(topic: str, lang: str) -> str:
    """The heading of a group of changes on ``topic`` (English: the lexicon's label)."""
    labels = notice_text(notice_language(lang))["labels"]
    if topic in labels:
        return str(labels[topic])
    return "Other changes" if topic == "other" else default_lexicon().label(topic)


def format_date(day: date, lang: str) -> str:
    """``day`` written out in ``lang``: "31 January 2025", "31 janvier 2025", "31. Januar 2025"."""
    text = notice_text(notice_language(lang))
    month = text["months"][day.month - 1]
    return str(text["date_format"]).format(day=day.day, month=month, year=day.year)

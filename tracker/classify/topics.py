"""Topic tags of one clause change, and the lexicon's ``material_when`` rules on it.

- **Tags** come from the *changed* words of the clause (inserted and deleted runs; the whole
  text of an added or removed clause; link targets and statute names left out), plus the topics
  its section heading names that the clause's own text confirms, and the topic a materiality rule
  names (names gained or lost in a clause on a topic; a clause added under a heading on a topic);
  a topic named only in a consent condition of another practice is dropped, and so is one whose
  only words a topic that fired ``absorbs`` (consent named as a legal basis); a clause with no
  topic yet takes its heading's topics (not the catch-all), else those of its whole text (the ones
  the heading echoes, when any); a region named in a statute's name tags the regions topic; an age
  threshold tags children and a retention period retention; changed words that only say when the
  policy itself was or will be updated ("We updated our Privacy Policy on April 7, 2025") and name
  no topic tag the policy's changes, not the whole clause's practices; a row of "Information we
  collect" keeps that topic beside others (``topic_words``). Each tag carries the words that fired it.
- **Topic rules**: new words on an "added" topic, words gone from a "removed" one, ("any": both),
  a new entry under a heading on the topic, words struck under such a heading. A word already in
  the old clause is not new; a word still in the new clause is not gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.classify.language import active
from tracker.classify.lexicon import Lexicon, Topic, matches, stems, topic_stems
from tracker.classify.memo import per_classification
from tracker.classify.names import changed_names, example_items_struck, listed_as_example
from tracker.classify.paraphrase import DocumentText, meaning_words
from tracker.classify.reader_acts import reader_acts
from tracker.classify.region_tags import named_alike, named_differently, residents_changed
from tracker.classify.rules import (
    NAMED,
    age_reasons,
    changed_text,
    clause_words,
    negation,
    neutral,
    retention_reasons,
    spelled_out,
    strip_markup,
)
from tracker.classify.scope import regions as region_words
from tracker.classify.scope import without_regions
from tracker.classify.similar import WordSetIndex
from tracker.classify.straddle import changed_sides, straddled
from tracker.classify.topic_words import carried_off, collection_heading, practised
from tracker.classify.update_notice import update_notice
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange, DiffResult, PolicyDocument

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")
Tags = dict[str, list[str]]  # topic → the words that fired it


@dataclass(frozen=True)
class Context:
    """What the whole diff tells about one clause: clauses added and removed anywhere (a clause
    that moved between sections is neither new nor gone) and both documents' text."""

    added: WordSetIndex = field(default_factory=lambda: WordSetIndex(()))
    removed: WordSetIndex = field(default_factory=lambda: WordSetIndex(()))
    documents: DocumentText = field(default_factory=DocumentText)

    @classmethod
    def of(cls, diff: DiffResult, old: PolicyDocument | None, new: PolicyDocument | None) -> Context:
        """The context of every clause of ``diff``."""
        clauses = [c for change in diff.changes for c in change.clauses]
        added = WordSetIndex(clause_words(c.new_text or "") for c in clauses if c.kind == "added")
        removed = WordSetIndex(clause_words(c.old_text or "") for c in clauses if c.kind == "removed")
        return cls(added, removed, DocumentText.of(old, new))

    def moved(self, clause: ClauseChange) -> bool:
        """True when an added (removed) clause reappears, mostly the same words, as a removed (added) one."""
        if clause.kind == "removed":
            return self.added.any_similar(clause_words(clause.old_text or ""))
        if clause.kind == "added":
            return self.removed.any_similar(clause_words(clause.new_text or ""))
        return False


# The name of a document in a heading ("Privacy and Cookie Policy", "GRINDR PRIVACY AND COOKIE
# POLICY", "Consumer Health Data Notice"): capitalised words ending in policy / notice /
# statement, without "this", "our", "the", "to" or "of" ("Changes to this Policy" is a subject).
_DOCUMENT_NAME = re.compile(
    r"\b(?:(?!(?i:this|our|the|to|of|these|changes|updates)\b)[A-Z][\w'’-]*\s+(?:(?:and|&)\s+)?){1,5}"
    r"(?:Policy|POLICY|Notice|NOTICE|Statement|STATEMENT)\b",
)


def subject_of(heading: str) -> str:
    """A section heading without the name of a document it may be ("Privacy and Cookie Policy"
    names the whole policy, not a section on cookies): what the section is about."""
    return _DOCUMENT_NAME.sub(" ", heading)


def _add(tags: dict[str, list[str]], name: str, words: tuple[str, ...] | list[str]) -> None:
    for word in words:
        tags.setdefault(name, [])
        if word not in tags[name]:
            tags[name].append(word)


def clause_tags(clause: ClauseChange, heading: str, lexicon: Lexicon, each: tuple[str, ...] = ()) -> Tags:
    """Topic → the words that fired it, for one clause change under ``heading`` (``each``: the
    section's old and new headings it joins, when known)."""
    deleted, inserted = changed_text(clause)
    changed = NAMED.sub(" ", f"{deleted} {inserted}")
    whole = neutral(f"{clause.old_text or ''} {clause.new_text or ''}")
    tags: dict[str, list[str]] = {}
    unconditioned = active().condition.sub(" ", changed)
    conditions = set()  # topics named only in a condition of another practice ("with your consent")
    sides_changed = clause.kind in {"modified", "moved"}
    for topic in lexicon.topics:
        # a statute named after a region says whom the clause is for ("… and the California
        # Consumer Privacy Act"): the regions topic reads the names that the other topics skip
        text = strip_markup(f"{deleted} {inserted}") if topic.tag_when == "changed" else changed
        words = carried_off(topic, matches(topic, text), deleted, inserted) if sides_changed else matches(topic, text)
        _add(tags, topic.name, words)
        if words and not matches(topic, unconditioned):
            conditions.add(topic.name)
    sides = changed_sides(clause) if clause.kind in {"modified", "moved"} and clause.words else ()
    for topic in lexicon.topics if sides else ():
        if topic.tag_when != "changed":  # a phrase the change reaches into: "repose sur votre consentement"
            _add(tags, topic.name, straddled(topic, sides))
    on_heading = [t for t in lexicon.topics if matches(t, heading)]
    for topic in on_heading:  # the heading's topics the clause's own text confirms
        if words := matches(topic, whole):
            _add(tags, topic.name, words)
    confirmed = collection_heading(on_heading, each or (heading,), tags, lexicon)
    if age_reasons(clause):
        _add(tags, "children", ["age"])
    if retention_reasons(clause):
        _add(tags, "data_retention", ["retention period"])
    for topic in lexicon.topics if clause.kind == "added" else ():  # a new entry under a heading on the topic
        if topic.material_when in {"added", "any"}:
            _add(tags, topic.name, matches(topic, heading))
    if (named := _names_topic(clause, heading, lexicon)) is not None:
        _add(tags, named.name, ["names changed"])
    # nothing yet: what the section is about (a catch-all heading such as "Information we
    # collect" holds every kind of clause, so its catch-all topic says nothing), else the whole clause
    if not tags:
        for topic in lexicon.topics:
            if topic.tag_when != "alone":
                _add(tags, topic.name, matches(topic, heading))
        tags = _rights_heading(tags, whole, lexicon) if set(tags) & RIGHTS else tags
    if not tags and update_notice(deleted, inserted):
        _add(tags, POLICY_CHANGE, ["the policy's update"])
    if not tags:
        _add_whole(tags, whole, heading, lexicon)
    if set(tags) - conditions:  # "we use marketing cookies, with your consent": about cookies
        tags = {name: words for name, words in tags.items() if name not in conditions}
    for topic in lexicon.topics:  # "on the basis of your consent" → "… of our legitimate interests": a legal basis
        if topic.absorbs and topic.name in tags:
            absorbed = set(topic.absorbs)
            tags = {name: words for name, words in tags.items() if name == topic.name or not set(words) <= absorbed}
    tags = _narrowed(tags, clause, lexicon, confirmed)
    # on transfers, "service providers located in the United States" is where data goes
    if AUDIENCES not in tags and TRANSFERS not in tags and residents_changed(clause, deleted, inserted):
        _add(tags, AUDIENCES, ["residents of a region"])
    return tags


AUDIENCES = "international_audiences"  # the topic of regions and the users who live there
POLICY_CHANGE = "policy_change"  # the topic of changes to the policy itself


RIGHTS = frozenset({"user_access", "user_choice"})  # the topics a "Your rights" / "Choices" heading names


def _rights_heading(tags: dict[str, list[str]], whole: str, lexicon: Lexicon) -> dict[str, list[str]]:
    """The heading's topics of a clause whose changed words name none, when the heading is on
    rights or choices ("Your rights", "Ihre Rechte", "Choices"): such a section holds the right to
    object, the controller's name and the access rights alike, so when the clause's own text
    names none of the heading's topics but exactly one other, that one is what it is about ("You
    can object to direct marketing" under "Your rights": a choice)."""
    if any(matches(t, whole) for t in lexicon.topics if t.name in tags):
        return tags
    found = {t.name: list(words) for t in lexicon.topics if t.tag_when != "alone" and (words := matches(t, whole))}
    return found if len(found) == 1 else tags


def _add_whole(tags: dict[str, list[str]], whole: str, heading: str, lexicon: Lexicon) -> None:
    """The topics of the whole clause, for a change whose words and heading name none; when
    several fire, those whose words share a stem with the heading's words ("Contacting us": the
    contact details, not the security issues one may report there)."""
    found = {topic.name: words for topic in lexicon.topics if (words := matches(topic, whole))}
    heading_stems = stems(re.findall(r"[^\W\d_]+", heading.lower()))
    echoed = {
        name: words
        for name, words in found.items()
        if heading_stems & stems(w for word in words for w in re.findall(r"[^\W\d_]+", word))
    }
    # a clause that lists several practices ("our collection, use, retention, sharing and transfer
    # of your data") and whose changed words and heading name none is on none of them in particular
    unconditioned = active().condition.sub(" ", whole)
    specific = [t for t in lexicon.topics if t.name in found and t.tag_when != "alone" and matches(t, unconditioned)]
    if not echoed and len(specific) > 2:
        return
    for name, words in (echoed or found).items():
        _add(tags, name, words)


TRANSFERS = "cross_border_transfers"  # the topic of data sent to other countries


def _narrowed(tags: Tags, clause: ClauseChange, lexicon: Lexicon, keep: set[str]) -> Tags:
    """The tags without catch-all topics (``tag_when = "alone"``) when a specific one fired (but
    those in ``keep``: the topic of a list of the data collected, ``collection_heading``), and
    without a "changed" topic (regions) whose words are the same in both versions of a modified
    clause: "EU representative" → another name is about contact, not about regions. In a clause
    on transfers a "changed" topic stays only when nothing else fired: the regions it names are
    where data goes ("rely on Standard Contractual Clauses for the EEA"), not an audience."""
    by_name = {topic.name: topic for topic in lexicon.topics}
    old, new = strip_markup(clause.old_text or ""), strip_markup(clause.new_text or "")  # regions in names count
    on_transfers = TRANSFERS in tags

    def kept(name: str) -> bool:
        topic = by_name.get(name)
        if topic is None or topic.tag_when == "always" or name in keep:
            return True
        changeable = topic.tag_when == "changed" and clause.kind in {"modified", "moved"} and not on_transfers
        return changeable and named_differently(topic, old, new)

    specific = [name for name in tags if kept(name)]
    if not specific:
        return {name: words for name, words in tags.items() if not named_alike(by_name.get(name), clause, old, new)}
    return {name: words for name, words in tags.items() if name in specific}


def _affirmative(text: str) -> str:
    """``text`` without its negated sentences: "We do not sell your data." adds no practice."""
    return " ".join(s for s in _SENTENCE.split(text) if not negation(s))


def _insert_runs(clause: ClauseChange, readers: bool = True) -> list[str]:
    """The inserted pieces of a clause change, one by one (the whole text of an added clause);
    with ``readers`` false, without the pieces that say what the reader does ("vous pouvez
    partager des photos", "you can share posts": the reader's own act, not a disclosure by the
    policy's author)."""
    if clause.kind == "added":
        return [neutral(clause.new_text or "")]
    runs, before = [], ""
    for w in clause.words:
        if w.op == "insert" and (readers or not reader_acts(before)):
            runs.append(neutral(w.text))
        if w.op != "delete":
            before += w.text
    return runs


def _said_itself(topic: Topic, found: set[str], whole: str) -> set[str]:
    """The stems of ``found`` that ``whole`` states outside a purpose named by the collection it
    refers back to ("for the purposes for which it was collected", « les finalités pour
    lesquelles elles ont été collectées »: ``back_references`` of ``clause_rules.toml``): such a
    verb names no collection of its own."""
    back = vocabulary().back_references
    if not found or not back.search(whole):
        return found
    return found - _unmatched(found, topic_stems(topic, matches(topic, back.sub(" ", whole))))


def _is_cut(deleted: str, inserted: str) -> bool:
    """Words deleted with nothing put in their place (not a mere punctuation change, nor
    function words and connectives alone: "in order to" → "to")."""
    cut = len(re.findall(r"[^\W\d_]{2,}", deleted)) >= 2 and not re.search(r"[^\W\d_]", inserted)
    return cut and bool(meaning_words(deleted))


def _unmatched(found: set[str], other: set[str]) -> set[str]:
    """The stems of ``found`` that ``other`` lacks, a shared six-letter start counting as the same
    word (a stemmer leaves "partageons" and "partager" apart), hyphens and spaces aside ("email
    us" = "e-mail us")."""
    joined = {_unspaced(o) for o in other}
    starts = {o[:6] for o in joined if len(o) >= 6}
    return {f for f in found if _unspaced(f) not in joined and not (len(f) >= 6 and _unspaced(f)[:6] in starts)}


def _unspaced(stem: str) -> str:
    return stem.replace("-", "").replace(" ", "")


def _once(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words))


def _cut(topic: Topic, before: str, after: str, run: str) -> tuple[str, ...]:
    """Terms of ``topic`` in ``before`` and not in ``after`` that the redline cut, a word of them
    changed and another kept ("informieren wir Sie per E-Mail" → "veröffentlichen wir"): the
    changed ``run`` alone does not hold the whole phrase."""
    words = _letter_words(run)
    if not words or not (found := matches(topic, before)):
        return ()
    gone = set(matches(topic, after))
    return tuple(t for t in found if t not in gone and " " in t and words & set(t.split()))


@per_classification(maxsize=256)  # one clause's changed run, read for every topic
def _letter_words(run: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W\d_]+", run.lower()))


def _names_changed(clause: ClauseChange) -> tuple[list[str], list[str]]:
    """Names (capitalised runs) a modified clause gained or lost, statute names and names listed
    as examples of a category ("such as Stripe and Adyen") aside."""
    if clause.kind not in {"modified", "moved"}:
        return [], []
    old, new_text = clause.old_text or "", clause.new_text or ""
    if region_words(old) == region_words(new_text):  # the same region written another way: "EEE" → « Espace … »
        gone, new, _ = changed_names(without_regions(old), without_regions(new_text))
    else:
        gone, new, _ = changed_names(old, new_text)
    return (
        [n for n in gone if not NAMED.search(n) and not listed_as_example(n, old)],
        [n for n in new if not NAMED.search(n) and not listed_as_example(n, new_text)],
    )


def _names_topic(clause: ClauseChange, heading: str, lexicon: Lexicon) -> Topic | None:
    """The topic on which a modified clause gained or lost names, as the names rule of
    ``topic_reasons`` reads it: "Für den Newsletter nutzen wir den Dienst CleverReach" → "… den
    Dienst Mailchimp" is on sharing. The heading's topic the clause's text confirms comes first
    (a country named under "Data transfers" is on transfers), then the text's, then the
    heading's; specific topics before the catch-all."""
    gone, new = _names_changed(clause)
    if not gone and not new:
        return None
    whole = neutral(clause.old_text or "") or neutral(clause.new_text or "")
    eligible = [
        t
        for t in sorted(lexicon.topics, key=lambda t: t.tag_when == "alone")
        if t.material_when != "never" and t.name != "data_retention" and (active().names_by_case or t.nouns_matter)
    ]
    for on_topic in (
        lambda t: matches(t, heading) and matches(t, whole),
        lambda t: matches(t, whole),
        lambda t: matches(t, heading),
    ):
        if found := next((t for t in eligible if on_topic(t)), None):
            return found
    return None


def topic_reasons(
    clause: ClauseChange, heading: str, in_list: bool, lexicon: Lexicon, neighbours: tuple[str, str] = ("", "")
) -> list[str]:
    """The lexicon's ``material_when`` rules on one clause change (``in_list``: the clause was
    added to a section that already stood, such as a new row in a list of processors).

    ``neighbours`` is the text of the clauses removed from and added to the same section: a
    clause rewritten into a removed and an added one ("Zum Schutz setzen wir eine Verschlüsselung
    ein" → "Wir verschlüsseln Ihre Daten") neither loses the topic words its new wording keeps
    nor gains those its old wording had."""
    deleted, inserted = (NAMED.sub(" ", t) for t in changed_text(clause))
    affirmed = " ".join(_affirmative(run) for run in _insert_runs(clause))
    # what the reader shares ("vous pouvez partager des photos") is no disclosure by the policy's author
    ours = " ".join(_affirmative(run) for run in _insert_runs(clause, readers=False))
    removed_nearby, added_nearby = neighbours if clause.kind in {"added", "removed"} else ("", "")
    old_whole = neutral(f"{clause.old_text or ''} {removed_nearby if clause.kind == 'added' else ''}")
    new_whole = neutral(f"{clause.new_text or ''} {added_nearby if clause.kind == 'removed' else ''}")
    # with names, to find an acronym spelled out (in a clause added beside a removed one, too)
    new_plain = strip_markup(f"{clause.new_text or ''} {added_nearby if clause.kind == 'removed' else ''}")
    reasons = []
    gone_names, new_names = _names_changed(clause)
    new_affirmed = _affirmative(new_whole)  # the same for every topic, as is whether words were cut
    cut = clause.kind == "modified" and _is_cut(deleted, inserted) and not example_items_struck(clause)
    # catch-all topics last, so that a name is said to change in a clause on the specific topic
    for topic in sorted(lexicon.topics, key=lambda t: t.tag_when == "alone"):
        if topic.material_when == "never" or topic.name == "data_retention":
            continue  # retention is judged by comparing durations
        names_count = active().names_by_case or topic.nouns_matter  # German nouns: only on some topics
        on_topic = matches(topic, heading) or matches(topic, old_whole or new_whole)
        if names_count and (gone_names or new_names) and on_topic:
            # "We use Stripe" → "We use Stripe and Adyen": a recipient, source or tool named anew or dropped
            was, now = ", ".join(gone_names[:3]) or "—", ", ".join(new_names[:3]) or "—"
            reasons.append(f"names in a clause on {topic.label.lower()} changed: {was} → {now}")
            gone_names, new_names = [], []  # said once
        said = ours if topic.name == "third_party_sharing" else affirmed
        added_words = _once(matches(topic, said) + _cut(topic, new_affirmed, old_whole, inserted))
        removed_words = _once(matches(topic, deleted) + _cut(topic, old_whole, new_whole, deleted))
        new_stems = _unmatched(topic_stems(topic, added_words), topic_stems(topic, matches(topic, old_whole)))
        unmatched = _unmatched(topic_stems(topic, removed_words), topic_stems(topic, matches(topic, new_whole)))
        gone_stems = {g for g in unmatched if not spelled_out(g, new_plain)}
        new_stems, gone_stems = _said_itself(topic, new_stems, new_whole), _said_itself(topic, gone_stems, old_whole)
        new_stems, gone_stems = practised(topic, new_stems, new_whole), practised(topic, gone_stems, old_whole)
        if topic.material_when in {"added", "any"} and new_stems:
            new = [w for w in added_words if topic_stems(topic, [w]) & new_stems]
            reasons.append(f"new text on {topic.label.lower()}: {', '.join(new[:4])}")
        if topic.material_when in {"removed", "any"} and gone_stems:
            gone = [w for w in removed_words if topic_stems(topic, [w]) & gone_stems]
            reasons.append(f"text on {topic.label.lower()} removed: {', '.join(gone[:4])}")
        on_heading = bool(matches(topic, heading))
        if in_list and on_heading and topic.material_when in {"added", "any"} and not matches(topic, inserted):
            reasons.append(f"new entry under “{heading}” ({topic.label.lower()})")
        # words struck from a section on rights, choices, security, contact or changes with
        # nothing in their place ("notify you on the site or via email" → "… on the site")
        if cut and on_heading and topic.material_when in {"removed", "any"} and not removed_words:
            reasons.append(f"words removed under “{heading}” ({topic.label.lower()}): '{deleted.strip()[:60]}'")
    return reasons

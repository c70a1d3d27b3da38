"""When the regions topic belongs to a clause change: the regions named, compared between the
versions as ``tracker.classify.scope.regions`` reads them ("EEE" = « Espace économique européen »,
„Europäische Union“ = "EU"), not the words that name them."""

from __future__ import annotations

from tracker.classify.lexicon import Topic, matches, stems
from tracker.classify.scope import names_residents
from tracker.classify.scope import regions as region_words
from tracker.models import ClauseChange


def residents_changed(clause: ClauseChange, deleted: str, inserted: str) -> bool:
    """The change covers people by where they live ("sofern Sie in Deutschland wohnen", "If you
    live in California, you may ask ..."): a residence condition added, removed or changed. The
    regions topic then stays beside the clause's other topics, which it would otherwise yield to
    (not in a clause on transfers: there the regions are where data goes)."""
    if clause.kind in {"added", "removed"}:
        return names_residents(clause.new_text or clause.old_text or "")
    old, new = names_residents(clause.old_text or ""), names_residents(clause.new_text or "")
    named = bool(region_words(deleted) | region_words(inserted))
    return (old or new) and named and region_words(clause.old_text or "") != region_words(clause.new_text or "")


def named_differently(topic: Topic, old: str, new: str) -> bool:
    """True when a "changed" topic's words differ between the versions, a region named by its
    code or its name in full counting as the same ("EEE" = « Espace économique européen »)."""
    return stems(matches(topic, old)) != stems(matches(topic, new)) and region_words(old) != region_words(new)


def named_alike(topic: Topic | None, clause: ClauseChange, old: str, new: str) -> bool:
    """True when a "changed" topic (regions) names the same in both versions of a modified clause:
    the regions a clause reworded around them still name are not what changed."""
    if topic is None or topic.tag_when != "changed" or clause.kind not in {"modified", "moved"}:
        return False
    return bool(matches(topic, old)) and not named_differently(topic, old, new)

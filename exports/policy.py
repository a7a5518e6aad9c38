"""The policy step: what one audience may see of each record and each field.

It reads only the charter's publication clause and the sensitivities written
on the records.  Rules, in order:

1. A record whose own sensitivity the audience may not see is withheld whole,
   except the *existence* fields of a dispute (ID, status, dates and the names
   and dates of its stages): the public may always learn that a dispute exists
   and how long it took, never its substance.
2. A field's level is the stricter of its record's level and its own entry in
   ``field_sensitivity``: a field can be more restricted than its record, never
   less.  Existence fields of a dispute take their own level only.  A nested
   field (``licenses.royalty``) is at least as restricted as the field it sits
   in, and a field derived from others (:data:`DERIVED_FROM`: a decision's
   ``outcome_note`` spells out its votes) is at least as restricted as they are.
3. Audience rules on top of sensitivity, each with its own reason code:
   ``dispute-substance`` (the public never sees what a dispute is about),
   ``named-votes`` (who voted how, at a meeting or on a written resolution,
   unless the charter publishes named votes; the counts are still shown) and ``draft-minutes`` (the public sees minutes
   only once the council has approved them).

A reason code is the level that was not allowed (``internal``,
``confidential``, ``privileged``) or one of the audience rules above.
"""

from __future__ import annotations

from dataclasses import dataclass

from council.charter import Charter
from council.records import SENSITIVITIES, Record

RANK = {level: i for i, level in enumerate(SENSITIVITIES)}
RULE_REASONS = ("dispute-substance", "named-votes", "draft-minutes")
REASONS = (*SENSITIVITIES[1:], *RULE_REASONS)

# Shown whatever the dispute's own level: the fact and the duration, not the substance.
DISPUTE_EXISTENCE = ("id", "status", "raised_on", "resolved_on", "stages", "stages.name", "stages.entered")
# Never policy-filtered: the ID names the record, sensitivity says how it is classed.
ALWAYS = ("id", "sensitivity")
STAGE_NOTE = "stages.note"  # a dispute's stage notes are substance, its stages are not
# Who voted how: withheld from the public unless the charter publishes named votes
# (the counts stay: a decision's tally, a written resolution's outcome explained).
NAMED_VOTES = (("decision", "votes"), ("decision", "casting_by"), ("resolution", "ballots"))
# (kind, field) -> the fields its text is made from: withholding a source withholds it too.
DERIVED_FROM: dict[tuple[str, str], tuple[str, ...]] = {
    ("decision", "outcome_note"): ("votes",),  # "6 for, 0 against": the votes, counted
    ("meeting", "quorum_note"): ("attendance", "attendance_changes"),  # "7 of 7 present": the attendance, counted
    ("meeting", "attendance_changes"): ("attendance",),  # who arrived or left is attendance too
    ("decision", "casting_by"): ("votes",),  # the chair's casting vote is a vote
    ("decision", "casting_vote"): ("votes",),
    ("ip", "licenses.royalty"): ("royalty_terms",),  # each licence's royalty is royalty terms too
}


@dataclass(frozen=True)
class Policy:
    """What one audience may see, from the charter's publication clause."""

    audience: str
    levels: frozenset[str]
    named_votes: bool

    @classmethod
    def from_charter(cls, charter: Charter, audience: str) -> "Policy":
        if audience == "public":
            return cls("public", frozenset(charter.publish), charter.named_votes_public)
        # The partners are the parties themselves: every vote is theirs to see.
        return cls("partners", frozenset(charter.partner_publish), True)

    def describe(self) -> dict[str, object]:
        return {"audience": self.audience,
                "levels": [lv for lv in SENSITIVITIES if lv in self.levels],
                "named_votes": self.named_votes}

    def record_reason(self, record: Record) -> str | None:
        """Why the whole record is withheld, or None if the audience may see it."""
        if record.KIND == "dispute":
            return None  # its existence is always published; field rules do the rest
        level = getattr(record, "sensitivity", "internal")
        return None if level in self.levels else level

    def field_reason(self, record: Record, name: str) -> str | None:
        """Why one field of a visible record is withheld, or None to show it."""
        if name in ALWAYS:
            return None
        level = self._field_level(record, name)
        if level not in self.levels:
            return level
        return self._audience_rule(record, name)

    def _field_level(self, record: Record, name: str) -> str:
        """The stricter of the record's level, the field's and its parents' entries, and its sources'."""
        own: dict[str, str] = getattr(record, "field_sensitivity", {}) or {}
        if record.KIND == "dispute" and name in DISPUTE_EXISTENCE:
            level = "public"
        else:
            level = getattr(record, "sensitivity", "internal")
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # "licenses", then "licenses.royalty"
            level = stricter(level, own.get(".".join(parts[:i]), level))
        for source in DERIVED_FROM.get((record.KIND, name), ()):
            level = stricter(level, self._field_level(record, source))
        return level

    def _audience_rule(self, record: Record, name: str) -> str | None:
        if self.audience != "public":
            return None
        kind = record.KIND
        if kind == "dispute" and name not in DISPUTE_EXISTENCE:
            return "dispute-substance"
        if (kind, name) in NAMED_VOTES and not self.named_votes:
            return "named-votes"
        if kind == "meeting" and name == "body" and getattr(record, "minutes_status", "") != "approved":
            return "draft-minutes"
        return None


def stricter(a: str, b: str) -> str:
    """The more restricted of two levels (an unknown level counts as the most restricted)."""
    return a if RANK.get(a, len(RANK)) >= RANK.get(b, len(RANK)) else b


def nested_paths(record: Record) -> list[str]:
    """The dotted field paths the policy judges on their own: named in field_sensitivity or derived."""
    own = getattr(record, "field_sensitivity", {}) or {}
    paths = {k for k in own if "." in k} | {f for kind, f in DERIVED_FROM if kind == record.KIND and "." in f}
    if record.KIND == "dispute":
        paths.add(STAGE_NOTE)
    return sorted(paths)


def marker(reason: str) -> str:
    """The text a reader sees in place of what was withheld."""
    return "withheld: " + reason.replace("-", " ")

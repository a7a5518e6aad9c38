"""The written resolution: a decision taken between meetings, in writing.

A resolution is circulated to every voting member with an opening and a
closing date; each member's vote is recorded as it comes in (one ballot per
member, dated), and the outcome is computed when it closes, against the
charter's written-resolution threshold over the entire voting membership
(:mod:`council.resolutions`).  A resolution that amends terms names what it
amends and the digest of the text circulated, so that what is committed at
its close is provably what the members voted on.  It carries that text too
(``circulated_text``), and the digest of the text in force when it was
circulated (``base_digest``), so that any partner's replica can close it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from council.records.base import OMIT_EMPTY, SENSITIVITIES, Part, Record, choice

RESOLUTION_STATUS = ("open", "closed")
RESOLUTION_OUTCOMES = ("pending", "passed", "failed")
# A written resolution has no meeting to be recused at: a member replies for,
# against or abstaining, or does not reply at all.
BALLOT_CHOICES = ("for", "against", "abstain")


@dataclass(frozen=True)
class Ballot(Part):
    """One member's reply to a written resolution, and the day it came in."""

    member: str
    vote: str = field(metadata=choice(*BALLOT_CHOICES))
    on: dt.date


@dataclass(frozen=True)
class Resolution(Record):
    KIND: ClassVar[str] = "resolution"
    title: str = ""
    tier: str = ""
    motion: str = ""  # the resolution as circulated ("That ...")
    opens: dt.date = dt.date(2000, 1, 1)
    closes: dt.date = dt.date(2000, 1, 1)
    circulated_by: str = ""
    status: str = field(default="open", metadata=choice(*RESOLUTION_STATUS))
    closed_on: dt.date | None = None
    outcome: str = field(default="pending", metadata=choice(*RESOLUTION_OUTCOMES))
    outcome_note: str = ""
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    amends: list[str] = field(default_factory=list)
    # sha256 of the term records as circulated (council.resolutions.amendment_digest).
    amendment_digest: str = ""
    # The term records as circulated, record ID -> its whole file: every replica holds the
    # text to commit at the close (older resolutions carry none: they close where their draft is).
    circulated_text: dict[str, str] = field(default_factory=dict, metadata=OMIT_EMPTY)
    # amendment_digest of the same records as in force on circulation ("" for a new one):
    # the close refuses terms amended meanwhile, which the text circulated would undo.
    base_digest: str = field(default="", metadata=OMIT_EMPTY)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    ballots: list[Ballot] = field(default_factory=list)
    body: str = ""  # the text circulated, with the amendment's diff where it amends terms

    @property
    def votes(self) -> dict[str, str]:
        """member -> vote, as :func:`council.rules.tally` counts them."""
        return {b.member: b.vote for b in self.ballots}

    @property
    def date(self) -> dt.date:
        """The day it opened: where a resolution sits in time (its index day)."""
        return self.opens

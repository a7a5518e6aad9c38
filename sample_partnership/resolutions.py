"""The sample's written resolutions: decisions taken between meetings.

WR-2026-001 adopts, in writing and unanimously, the charter clause on written
resolutions itself (4.5): an amendment by written resolution, committed at
its close as one ``amend:`` commit like any amendment passed at a meeting.
WR-2026-002 is still open, some votes in, under the new clause.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from council.fileformat import serialise
from council.records import Ballot, Clause, Resolution
from council.resolutions import amendment_digest

if TYPE_CHECKING:
    from sample_partnership.history import _Book


def _clause() -> Clause:
    from sample_partnership.history import _lines

    return Clause(id="4.5", title="Written resolutions", sensitivity="public", rule="written_resolutions",
                  settings={"ratio": "unanimous", "tiers": ["low", "medium", "high"], "min_days": 7,
                            "reminder_days": 3},
                  body=_lines(
                      "Between meetings the council may decide a matter of any tier by a resolution in writing.",
                      "The secretary circulates the resolution to every voting member, with the day it opens and the day it closes, at least seven days later.",
                      "Each member replies once, for, against or abstaining, and a reply once given stands.",
                      "A written resolution passes only if every voting member serving on the day it opens votes for it; a member who does not reply is counted as not in favour.",
                      "The secretary reminds members who have not replied three days before the resolution closes.",
                  ))


def _ballots(members: list[str], start: dt.date) -> list[Ballot]:
    """Replies coming in one a day from ``start``, in the order given."""
    return [Ballot(member=m, vote="for", on=start + dt.timedelta(days=i // 2)) for i, m in enumerate(members)]


def add_resolutions(b: "_Book") -> None:
    """The two resolutions, their votes as they came in, and the close of the first."""
    from sample_partnership.history import _at, _d

    opens, closes = _d("2026-09-21"), _d("2026-10-05")
    voters = [m.id for m in b.serving(opens) if m.voting]
    clause = _clause()
    first = Resolution(
        id="WR-2026-001", title="Adopt a charter clause on written resolutions", tier="high",
        motion="That the charter be amended by adding clause 4.5, Written resolutions, as circulated.",
        opens=opens, closes=closes, circulated_by="kowalczyk", sensitivity="public", amends=["4.5"],
        amendment_digest=amendment_digest([("4.5", serialise(clause))]),
        body="The council has twice had to wait a month for a routine decision; the chair proposed deciding such matters in writing.\n"
             "The charter is silent, so Robert's Rules allow it only by unanimous written consent; the new clause says so.")
    b.add(_at(opens, "09:00"), "circulate WR-2026-001: Adopt a charter clause on written resolutions "
          "(written resolution, closes 2026-10-05)", [first])
    ballots = _ballots(voters, opens + dt.timedelta(days=1))
    half = len(ballots) // 2
    for upto, day in ((half, ballots[half - 1].on), (len(ballots), ballots[-1].on)):
        first = first.replace(ballots=ballots[:upto])
        b.add(_at(day, "17:00"), f"record votes on WR-2026-001: {upto} of {len(voters)} in", [first])
    done = ballots[-1].on
    closed = first.replace(status="closed", closed_on=done)
    b.add(_at(done, "17:30"), "adopt clause 4.5, written resolutions (written resolution WR-2026-001)",
          [closed, clause], kind="amend", decision="WR-2026-001")
    _open_one(b)


def _open_one(b: "_Book") -> None:
    from sample_partnership.history import _at, _d

    opens, closes = _d("2026-11-18"), _d("2026-12-04")
    voters = [m.id for m in b.serving(opens) if m.voting]
    second = Resolution(
        id="WR-2026-002", title="Commission an independent re-analysis of the DischargeLens evaluation", tier="low",
        motion="That the council commission an independent statistician to re-analyse the DischargeLens silent-mode "
               "evaluation for patients whose notes were written in languages other than English.",
        opens=opens, closes=closes, circulated_by="kowalczyk", sensitivity="internal",
        body="Raised with DSP-004: Patient Voice Northgate asked for the re-analysis to be independent of both partners.")
    b.add(_at(opens, "09:00"), "circulate WR-2026-002: Commission an independent re-analysis of the DischargeLens "
          "evaluation (written resolution, closes 2026-12-04)", [second])
    some = voters[:3]
    second = second.replace(ballots=[Ballot(m, "for", opens + dt.timedelta(days=1)) for m in some])
    b.add(_at(opens + dt.timedelta(days=1), "17:00"), f"record votes on WR-2026-002: {', '.join(some)} for",
          [second])

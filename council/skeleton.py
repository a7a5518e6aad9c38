"""The default charter a new store starts with (`council init`).

Settings follow Robert's Rules of Order; the text says so, so that the
council knows what it adopted and can amend it.
"""

from __future__ import annotations

import datetime as dt

from council.records import Clause, ExitPlan, Partnership, Party, Record


def founding_records(name: str, parties: list[tuple[str, str]], effective: dt.date,
                     law: str = "") -> list[Record]:
    """Partnership, a charter skeleton and an empty exit plan."""
    partnership = Partnership(
        id="partnership", name=name, effective_date=effective, governing_law=law,
        parties=[Party(id=pid, legal_name=legal) for pid, legal in parties],
        body=f"{name} is a partnership between " + ", ".join(legal for _, legal in parties) + ".",
    )
    return [partnership, *charter_skeleton(), ExitPlan(id="EXIT-01", title="Exit plan", notice_days=90)]


def charter_skeleton() -> list[Clause]:
    return [
        Clause(id="1", title="Purpose", body="The council oversees the partnership. "
               "It keeps the terms, takes decisions and settles disputes as this charter provides."),
        Clause(id="2", title="Membership", body="Each party appoints its members. "
               "Members serve for the term stated in their appointment."),
        Clause(id="3", title="Decision rights", rule="tiers", settings={"tiers": [
            {"name": "low", "basis": "cast", "ratio": "majority",
             "description": "Routine matters: more than half of the votes cast."},
            {"name": "medium", "basis": "present", "ratio": "two_thirds",
             "description": "Significant matters: two thirds of the voting members present."},
            {"name": "high", "basis": "membership", "ratio": "two_thirds", "double_majority": True,
             "notice_days": 14,
             "description": "Changes to terms: two thirds of the entire voting membership and of each party's delegation, on 14 days' notice."},
        ], "rights": {"charter": "high", "partnership": "high", "exit": "high", "data_sharing": "high",
                      "ip": "medium", "artifacts": "medium", "releases": "medium"}},
               body="Each matter is put to the council at the approval tier its risk requires, "
               "never below the tier these decision rights set for what it changes. "
               "A tie does not carry."),
        Clause(id="4.1", title="Meetings", rule="cadence", settings={"months": 1, "weekday": -1},
               body="The council meets monthly. "
               "The chair may call an extraordinary meeting on seven days' notice."),
        Clause(id="4.2", title="Quorum", rule="quorum", settings={"basis": "majority", "min_per_party": 1},
               body="A quorum is a majority of the entire voting membership, with at least one member of each party present."),
        Clause(id="4.3", title="Proxies", rule="proxies", settings={"allowed": False},
               body="Members may not vote by proxy."),
        Clause(id="4.4", title="Minutes", rule="minutes",
               settings={"standard": "Minutes record what was done, not what was said.",
                         "circulate_within_days": 14},
               body="Minutes record what was done, not what was said. "
               "They are circulated within fourteen days and approved at the next meeting."),
        Clause(id="5", title="Publication", rule="publication",
               settings={"public": ["public"], "partners": ["public", "internal"], "named_votes": False},
               body="Records marked public may be published. "
               "Nothing confidential or privileged leaves the partnership."),
        Clause(id="6", title="Escalation", rule="escalation", settings={
            "business_days": False, "arbitration_during_mediation": False, "stages": [
                {"name": "negotiation", "days": 30}, {"name": "council", "days": 30},
                {"name": "mediation", "days": 60}, {"name": "arbitration", "days": 180}]},
               body="Disputes pass through negotiation, the council, mediation and arbitration, in that order."),
        Clause(id="10", title="Signing", rule="signing", settings={"required": False},
               body="Amendments need not be signed unless the council decides otherwise."),
    ]

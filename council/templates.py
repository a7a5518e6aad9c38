"""The charters a new council may start from (`council init --template`).

Each is a complete, machine-readable charter: approval tiers and the decision
rights that bind term changes to a tier, a quorum, meetings, minutes, the
publication policy, the escalation ladder and signing.  They are built from
the default charter of :mod:`council.skeleton` (Robert's Rules' defaults,
said in the text), changing only what makes each what it is, so that the
three stay one charter with three settings rather than three copies.

- ``two-party``: two organisations.  Term changes need two thirds of the
  whole voting membership and of each party's delegation on 14 days' notice;
  every amendment is signed by the member who records it; between meetings
  the council decides by unanimous written resolution, open seven days;
  confidential and privileged text is sealed to the readers a record names.
- ``consortium``: three or more organisations.  A quorum of two thirds with
  every party present; term changes need every party's consent on 21 days'
  notice; proxies may be given (they do not count for the quorum); signed;
  written resolutions unanimous, open fourteen days; sealed, as two-party.
- ``minimal``: the fewest clauses that still keep the books: one tier (a
  majority of the votes cast), a majority quorum, negotiation then
  arbitration; amendments need not be signed; silent on written resolutions
  (so Robert's Rules' default: unanimous written consent); nothing sealed
  (a label, not encryption, as the default charter).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from council.records import Clause, Record
from council.skeleton import charter_skeleton, founding_records


# Term changes go to the tier that guards them (charter.py's decision rights):
# the skeleton's rights, with the IP register raised to high. Built from the
# skeleton's, so a subject the skeleton guards (the partnership) is never
# left unguarded by a template.
def _term_rights(clauses: list[Clause]) -> dict[str, str]:
    rights = dict(next(c for c in clauses if c.id == "3").settings["rights"])
    return {**rights, "ip": "high"}


def _replace(clauses: list[Clause], clause_id: str, **changes: object) -> list[Clause]:
    return [dataclasses.replace(c, **changes) if c.id == clause_id else c for c in clauses]  # type: ignore[arg-type]


def _tiers(clauses: list[Clause]) -> list[dict]:
    return [dict(t) for t in next(c for c in clauses if c.id == "3").settings["tiers"]]


def _signed(clauses: list[Clause]) -> list[Clause]:
    return _replace(clauses, "10", settings={"required": True},
                    body="Every amendment is signed by the member who records it, "
                    "with the key registered in their member record.")


def _written(clauses: list[Clause], min_days: int) -> list[Clause]:
    """Decisions between meetings: by unanimous written resolution, open at least ``min_days``."""
    days = {7: "seven", 14: "fourteen"}.get(min_days, str(min_days))
    clause = Clause(id="4.5", title="Written resolutions", rule="written_resolutions",
                    settings={"ratio": "unanimous", "min_days": min_days, "reminder_days": 3},
                    body="Between meetings the council may decide a matter by a resolution in writing, "
                    "circulated to every voting member and open for at least " + days + " days. "
                    "It passes only if every voting member votes for it; a member who does not reply is "
                    "counted as not in favour.")
    at = next(i for i, c in enumerate(clauses) if c.id == "4.4") + 1
    return [*clauses[:at], clause, *clauses[at:]]


def _sealed(clauses: list[Clause]) -> list[Clause]:
    """Confidential and privileged text sealed to the keys of the readers each record names
    (docs/sealing.md): each partner holds a full replica, so a label alone keeps nothing from
    the other side."""
    clause = next(c for c in clauses if c.id == "5")
    return _replace(clauses, "5", settings={**clause.settings, "sealing": True},
                    body=clause.body + " Confidential and privileged text is sealed, in every copy of the "
                    "record, to the keys of the members of the parties it names as its readers.")


def two_party() -> list[Clause]:
    """Two organisations: the default charter, its terms guarded by the high tier, amendments signed,
    confidential text sealed."""
    clauses = charter_skeleton()
    clauses = _replace(clauses, "3", settings={"tiers": _tiers(clauses), "rights": _term_rights(clauses)})
    return _sealed(_signed(_written(clauses, 7)))


def consortium() -> list[Clause]:
    """Three or more organisations: every party present and consenting to a change of terms."""
    clauses = charter_skeleton()
    tiers = _tiers(clauses)
    tiers[2] = {**tiers[2], "double_majority": False, "party_consent": True, "notice_days": 21,
                "description": "Changes to terms: two thirds of the entire voting membership and the consent "
                               "of every party, on 21 days' notice."}
    clauses = _replace(clauses, "3", settings={"tiers": tiers, "rights": _term_rights(clauses)})
    clauses = _replace(clauses, "4.2", settings={"basis": "fraction", "fraction": "2/3", "min_per_party": 1},
                       body="A quorum is two thirds of the entire voting membership, "
                       "with at least one member of each party present.")
    clauses = _replace(clauses, "4.3", settings={"allowed": True, "count_for_quorum": False, "max_per_holder": 1},
                       body="A member may give a proxy to another member present. "
                       "Proxies vote but do not count towards the quorum; no member holds more than one.")
    return _sealed(_signed(_written(clauses, 14)))


def minimal() -> list[Clause]:
    """The fewest clauses: purpose, membership, one tier, quorum, publication, a two-step ladder, signing."""
    keep = {"1", "2", "3", "4.2", "5", "6", "10"}
    clauses = [c for c in charter_skeleton() if c.id in keep]
    clauses = _replace(clauses, "3", settings={"tiers": [
        {"name": "majority", "basis": "cast", "ratio": "majority",
         "description": "Every matter: more than half of the votes cast."}]},
        body="Every matter is decided by more than half of the votes cast. A tie does not carry.")
    return _replace(clauses, "6", settings={"business_days": False, "arbitration_during_mediation": False,
                                            "stages": [{"name": "negotiation", "days": 30},
                                                       {"name": "arbitration", "days": 180}]},
                    body="Disputes pass through negotiation, then arbitration.")


TEMPLATES: dict[str, Callable[[], list[Clause]]] = {
    "two-party": two_party, "consortium": consortium, "minimal": minimal}


def founding_from_template(template: str, name: str, parties: list[tuple[str, str]], effective: dt.date,
                           law: str = "") -> list[Record]:
    """The founding records of a council whose charter is ``template``."""
    from council.errors import RecordError

    if template not in TEMPLATES:
        raise RecordError("init", "template", "one of " + ", ".join(TEMPLATES), template)
    records = founding_records(name, parties, effective, law)
    clauses = TEMPLATES[template]()
    return [records[0], *clauses, *[r for r in records[1:] if not isinstance(r, Clause)]]

"""The forms that enter new risks, incidents and compliance duties in the registers.

Each form proposes the next free ID; the values go to :mod:`store.usecases`,
which parses what the form cannot (whole numbers, dates and times, lists of
IDs) and lets the store's checks refuse anything invalid with the field named.
Data-sharing terms are terms: a new dataset is a draft amendment, opened in the
amendment editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from council.parse import parse_day, parse_moment, parse_whole, split_ids
from council.records import INCIDENT_KINDS, SENSITIVITIES
from screens.dialogs import Field

if TYPE_CHECKING:
    from store.api import Committed, Store

SCORES = [(str(n), str(n)) for n in range(1, 6)]


@dataclass(frozen=True)
class Choices:
    """What the forms offer to pick from, read in a worker with the next free IDs."""

    members: Sequence[str]
    parties: Sequence[str]
    risk_id: str
    incident_id: str
    duty_id: str
    first_review: dt.date
    readers: str = ""  # the Readers field's first value: the operator's party when the charter seals


def read_choices(store: "Store", today: dt.date) -> Choices:
    """Members, parties and the next free IDs (blocking: call it from a worker)."""
    from store import usecases  # the write path's helpers: only needed when entering a record

    partnership = store.partnership()
    return Choices(members=[m.id for m in store.list("member")],
                   parties=[p.id for p in partnership.parties] if partnership else [],
                   risk_id=usecases.next_risk_id(store),
                   incident_id=usecases.next_incident_id(store, today.year),
                   duty_id=usecases.next_duty_id(store),
                   first_review=usecases.first_review(store, today), readers=default_readers(store))


def default_readers(store: "Store") -> str:
    """Who may read a new record's confidential text, as the form first offers it: the operator's
    own party under a charter that seals (shown, and changed at will: never a silent guess), else none."""
    if not store.charter().sealing:
        return ""
    member = store.get(store.operator_id() or "")
    return str(getattr(member, "party", "") or "")


def readers_field(value: str, suggest: str = "") -> Field:
    return Field("readers", "Readers of its confidential text (parties or members, comma-separated)", value,
                 placeholder=f"e.g. {suggest or value}" if suggest or value else "")


def readers_of(values: dict[str, str]) -> list[str] | None:
    """The Readers field as the use cases take it: None when left empty (a charter that seals then
    refuses confidential text, naming the field)."""
    return [r.strip() for r in values.get("readers", "").split(",") if r.strip()] or None


def _pick(ids: Sequence[str]) -> list[tuple[str, str]]:
    return [(i, i) for i in ids]


def risk_fields(c: Choices) -> list[Field]:
    return [Field("id", "ID", c.risk_id, required=True), Field("title", "Risk", required=True),
            Field("owner", "Owner (member)", options=_pick(c.members)),
            Field("likelihood", "Likelihood (1 rare .. 5)", "3", options=SCORES),
            Field("impact", "Impact (1 .. 5 severe)", "3", options=SCORES),
            Field("bearing_party", "Borne by", options=_pick([*c.parties, "shared"])),
            Field("review_date", "Next review", str(c.first_review), kind="date", required=True),
            Field("mitigation", "Mitigation"), Field("liability_cap", "Liability cap"),
            # A risk is internal: only a liability cap or insurance the charter marks confidential is
            # sealed, so its readers are suggested, not filled in (readers of nothing are refused).
            Field("insurance", "Insurance required"), readers_field("", suggest=c.readers)]


def incident_fields(c: Choices, now: dt.datetime) -> list[Field]:
    return [Field("id", "ID (INC-year of detection-NNN)", c.incident_id, required=True),
            Field("title", "Incident", required=True),
            Field("kind", "Kind", options=[(k.replace("_", " "), k) for k in INCIDENT_KINDS]),
            Field("party", "Where it happened (party)", options=_pick(c.parties)),
            Field("detected_at", "Detected (UTC, or with an offset)", f"{now:%Y-%m-%d %H:%M}", required=True),
            Field("reported_by", "Reported by (member ID)"),
            Field("sensitivity", "Sensitivity", "confidential", options=_pick(SENSITIVITIES)),
            readers_field(c.readers), Field("body", "What happened", multiline=True)]


def duty_fields(c: Choices, today: dt.date) -> list[Field]:
    who = ", ".join([*c.members[:3], *c.parties])
    return [Field("id", "ID", c.duty_id, required=True), Field("title", "Duty", required=True),
            Field("cadence", "Every (months)", "12", required=True),
            Field("since", "Duty began on", str(today), kind="date", required=True),
            Field("responsible", "Responsible (IDs, comma-separated)", required=True, placeholder=who),
            Field("accountable", "Accountable (one ID)", required=True),
            Field("consulted", "Consulted (IDs)"), Field("informed", "Informed (IDs)"),
            Field("basis", "Basis (clause or law)")]


def risk_writer(store: "Store", v: dict[str, str], today: dt.date) -> Callable[[], "Committed"]:
    from store import usecases as ops

    return lambda: ops.new_risk(
        store, v["id"], v["title"], v["owner"], parse_whole(v["likelihood"], v["id"], "likelihood", 1, 5),
        parse_whole(v["impact"], v["id"], "impact", 1, 5), v["bearing_party"],
        parse_day(v["review_date"], today), identified_on=today, mitigation=v["mitigation"],
        liability_cap=v["liability_cap"], insurance=v["insurance"], readers=readers_of(v))


def incident_writer(store: "Store", v: dict[str, str]) -> Callable[[], "Committed"]:
    from store import usecases as ops

    return lambda: ops.new_incident(
        store, v["id"], v["title"], v["kind"], v["party"], parse_moment(v["detected_at"], v["id"] or "incident"),
        v["reported_by"], v["sensitivity"], v["body"], readers=readers_of(v))


def duty_writer(store: "Store", v: dict[str, str], today: dt.date) -> Callable[[], "Committed"]:
    from store import usecases as ops

    return lambda: ops.new_duty(
        store, v["id"], v["title"], parse_whole(v["cadence"], v["id"], "cadence_months"),
        parse_day(v["since"], today), split_ids(v["responsible"]), v["accountable"],
        split_ids(v["consulted"]), split_ids(v["informed"]), v["basis"])


def form_for(tab: str, choices: Choices, today: dt.date, now: dt.datetime) -> tuple[str, list[Field]]:
    """The title and fields of the form that enters a new record in one tab of the registers."""
    if tab == "risks":
        return "New risk", risk_fields(choices)
    if tab == "incidents":
        return "New incident", incident_fields(choices, now)
    return "New compliance duty", duty_fields(choices, today)


def writer_for(tab: str, store: "Store", values: dict[str, str], today: dt.date) -> Callable[[], "Committed"]:
    """The store operation that writes what the form of ``tab`` gathered (run it in a worker)."""
    if tab == "risks":
        return risk_writer(store, values, today)
    if tab == "incidents":
        return incident_writer(store, values)
    return duty_writer(store, values, today)

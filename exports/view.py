"""The filtered view: the one thing every renderer reads.

It holds, for one audience at one commit, each record with what may be shown
and a :class:`Withheld` marker in place of what may not, the redaction report
and the transparency figures.  Renderers never see a record object, so they
cannot show what the policy withheld.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from exports.policy import REASONS, Policy, marker


@dataclass(frozen=True)
class Withheld:
    """Stands in for a withheld record or value."""

    reason: str

    @property
    def marker(self) -> str:
        return marker(self.reason)

    def __str__(self) -> str:  # wherever a renderer formats a nested value, the reader sees the marker
        return self.marker


@dataclass(frozen=True)
class WithheldItem:
    """One entry of the manifest's redaction list."""

    item: str  # "DEC-2026-014" (a record) or "DEC-2026-014#body" (a field)
    scope: str  # "record" | "field"
    reason: str
    commitment: str

    def as_dict(self) -> dict[str, str]:
        return {"item": self.item, "scope": self.scope, "reason": self.reason, "commitment": self.commitment}


@dataclass
class Shown:
    """A record as one audience may see it."""

    kind: str
    id: str
    path: str
    blob: str
    withheld: Withheld | None = None  # set when the whole record is withheld
    fields: dict[str, Any] = field(default_factory=dict)  # value, or Withheld
    derived: dict[str, Any] = field(default_factory=dict)  # computed from visible fields only

    @property
    def status(self) -> str:
        """``withheld`` (whole record), ``partial`` (some fields) or ``published``."""
        if self.withheld:
            return "withheld"
        return "partial" if any(holds_withheld(v) for v in self.fields.values()) else "published"

    def get(self, name: str, default: Any = None) -> Any:
        """The field's value, its Withheld marker, or ``default`` if the record has no such field."""
        return self.fields.get(name, default)

    def visible(self, name: str) -> bool:
        return name in self.fields and not isinstance(self.fields[name], Withheld)

    def value(self, name: str, default: Any = None) -> Any:
        """The field's value if the audience may see it, else ``default``."""
        return self.fields[name] if self.visible(name) else default

    @property
    def title(self) -> str:
        for name in ("title", "name"):
            if self.visible(name) and self.fields[name]:
                return str(self.fields[name])
        return self.id


def holds_withheld(value: Any) -> bool:
    """Is ``value``, or anything nested in it (a licence's royalty), withheld?"""
    if isinstance(value, Withheld):
        return True
    if isinstance(value, dict):
        return any(holds_withheld(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_withheld(v) for v in value)
    return False


@dataclass
class Report:
    """How much was withheld, and why."""

    records: Counter = field(default_factory=Counter)  # reason -> records withheld whole
    fields: Counter = field(default_factory=Counter)  # reason -> fields withheld
    items: list[WithheldItem] = field(default_factory=list)

    def add(self, item: WithheldItem) -> None:
        self.items.append(item)
        (self.records if item.scope == "record" else self.fields)[item.reason] += 1

    def as_dict(self) -> dict[str, Any]:
        order = {r: i for i, r in enumerate(REASONS)}

        def counts(c: Counter) -> dict[str, int]:
            return {k: c[k] for k in sorted(c, key=lambda r: order.get(r, 99))}

        return {"records": counts(self.records), "fields": counts(self.fields),
                "records_total": sum(self.records.values()), "fields_total": sum(self.fields.values())}

    def summary(self) -> str:
        def part(c: Counter, noun: str) -> str:
            total = sum(c.values())
            detail = ", ".join(f"{n} {r}" for r, n in self.as_dict()[noun].items())
            shown = noun if total != 1 else noun[:-1]
            return f"{total} {shown} withheld" + (f" ({detail})" if detail else "")

        return f"{part(self.records, 'records')}; {part(self.fields, 'fields')}"


KIND_ORDER = ("partnership", "clause", "member", "meeting", "decision", "dispute", "ip", "exit")


@dataclass
class View:
    """Everything one audience may see at one commit."""

    commit: str
    time: dt.datetime
    root_commit: str
    policy: Policy
    records: dict[str, list[Shown]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    figures: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)  # (path, blob) of files that do not parse
    tier_order: tuple[str, ...] = ()  # the charter's approval tiers, in its order
    _by_id: dict[str, Shown] = field(default_factory=dict, repr=False)
    _at_meeting: dict[str, list[Shown]] | None = field(default=None, repr=False)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # per-view values renderers reuse
    fragments: dict[int, str] = field(default_factory=dict, repr=False)  # id(Shown) -> its council.json line
    tokens: dict[int, str] = field(default_factory=dict, repr=False)  # id(Shown) -> what its redaction is of

    def add(self, shown: Shown) -> None:
        self.records.setdefault(shown.kind, []).append(shown)
        self._by_id[shown.id] = shown

    def of(self, kind: str) -> list[Shown]:
        return self.records.get(kind, [])

    def visible(self, kind: str) -> list[Shown]:
        return [s for s in self.of(kind) if s.withheld is None]

    def get(self, record_id: str) -> Shown | None:
        return self._by_id.get(record_id)

    @property
    def audience(self) -> str:
        return self.policy.audience

    @property
    def partnership(self) -> Shown | None:
        found = self.get("partnership")
        return found if found is not None and found.withheld is None else None

    @property
    def name(self) -> str:
        p = self.partnership
        return str(p.value("name") or "Council") if p else "Council"

    def member_label(self, member_id: str) -> str:
        """A member's name where the audience may see it, else their ID."""
        member = self.get(member_id)
        if member is not None and member.kind == "member" and member.visible("name"):
            return str(member.fields["name"])
        return member_id

    def member_party(self, member_id: str) -> str:
        member = self.get(member_id)
        if member is not None and member.kind == "member" and member.visible("party"):
            return str(member.fields["party"])
        return ""

    def decisions_at(self, meeting_id: str) -> list[Shown]:
        """Visible decisions whose (visible) meeting is ``meeting_id``, in ID order."""
        if self._at_meeting is None:
            self._at_meeting = {}
            for d in self.visible("decision"):
                if isinstance(d.value("meeting"), str):
                    self._at_meeting.setdefault(d.fields["meeting"], []).append(d)
        return self._at_meeting.get(meeting_id, [])

    def all(self) -> list[Shown]:
        kinds = [k for k in KIND_ORDER if k in self.records] + sorted(set(self.records) - set(KIND_ORDER))
        return [s for kind in kinds for s in self.of(kind)]

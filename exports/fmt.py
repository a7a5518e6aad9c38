"""Plain-text formatting and links shared by every renderer, so all formats agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from exports.view import View, Withheld

LABELS = {
    "spdx": "SPDX licence", "oss_obligations": "Open-source obligations", "on_exit": "On exit",
    "raised_on": "Raised on", "resolved_on": "Resolved on", "raised_by": "Raised by",
    "moved_by": "Moved by", "seconded_by": "Seconded by", "outcome_note": "Outcome explained",
    "quorum_note": "Quorum explained", "agenda_circulated": "Agenda circulated",
    "minutes_status": "Minutes", "minutes_approved_at": "Minutes approved at",
    "minutes_approved_as": "Minutes approved as", "royalty_terms": "Royalty terms",
    "governing_law": "Governing law", "effective_date": "Effective date", "notice_days": "Notice (days)",
    "review_date": "Review date", "term_start": "Term start", "term_end": "Term end",
    "signing_key": "Signing key",
}
ORIGIN_KIND = {"meeting": "meetings", "decision": "decisions", "ip": "ip"}  # kinds with a page each
DEDICATED = ("partnership", "clause", "member", "meeting", "decision", "dispute", "ip", "exit")
REGISTER_TITLES = {"dataset": "Data-sharing terms", "risk": "Risk register", "incident": "Incidents",
                   "duty": "Duties"}


def register_kinds(view: View) -> list[str]:
    """Kinds without a page of their own: each gets one generic register page."""
    return sorted(k for k in view.records if k not in DEDICATED)


def register_title(kind: str) -> str:
    return REGISTER_TITLES.get(kind, kind.replace("_", " ").capitalize() + " register")


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def text(value: Any) -> str:
    """One value as plain text; a withheld value as its marker."""
    if type(value) is str:  # most values: asked first (8.8 million calls in a full export at L, issue 18)
        return value
    if isinstance(value, Withheld):
        return value.marker
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    return str(value)


def percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.0f}%"


def tally_text(tally: dict[str, int] | None) -> str:
    if not tally:
        return ""
    out = f"{tally['for']} for, {tally['against']} against, {tally['abstain']} abstain"
    return out + (f", {tally['recused']} recused" if tally.get("recused") else "")


def record_target(view: View, record_id: str, ext: str) -> str | None:
    """Where the page showing ``record_id`` is (root-relative, maybe with #anchor), or None."""
    shown = view.get(record_id)
    if shown is None:
        return None
    if shown.kind == "dispute":
        return f"disputes.{ext}#{anchor(shown.id)}"
    if shown.withheld is not None:
        return None
    if shown.kind in ORIGIN_KIND:
        return f"{ORIGIN_KIND[shown.kind]}/{shown.id}.{ext}"
    if shown.kind not in DEDICATED:
        return f"registers/{shown.kind}.{ext}#{anchor(shown.id)}"
    return {"partnership": f"index.{ext}", "clause": f"charter.{ext}#{anchor('clause-' + shown.id)}",
            "member": f"members.{ext}#{anchor('member-' + shown.id)}",
            "exit": f"exit.{ext}#{anchor(shown.id)}"}.get(shown.kind)


def anchor(name: str) -> str:
    """An element id: letters, digits, '-', '_' and '.', as record IDs already are."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)


def party_names(view: View) -> dict[str, str]:
    """Party ID -> legal name, where the audience may see the parties."""
    if "parties" not in view.memo:
        p = view.partnership
        parties = p.value("parties", []) if p else []
        view.memo["parties"] = {str(x["id"]): str(x.get("legal_name") or x["id"])
                                for x in parties if isinstance(x, dict)}
    return view.memo["parties"]


@dataclass(frozen=True)
class Ref:
    """A field whose value names other records: how to show each name."""

    kind: str  # "record" | "member" | "party"


REFS = {
    "meeting": Ref("record"), "amends": Ref("record"), "decision": Ref("record"),
    "minutes_approved_at": Ref("record"), "moved_by": Ref("member"), "seconded_by": Ref("member"),
    "raised_by": Ref("party"), "against": Ref("party"), "party": Ref("party"),
}


def ref_label(view: View, ref: Ref, value: str, parties: dict[str, str]) -> str:
    if ref.kind == "member":
        return view.member_label(value)
    if ref.kind == "party":
        return parties.get(value, value)
    return value


def each(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


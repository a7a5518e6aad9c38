"""CSV files (RFC 4180: CRLF, UTF-8): decision log, meetings, attendance, IP
register and vote results.

A withheld record is a row with its ID and the reason in the ``withheld``
column; a withheld cell reads ``withheld: <reason>``.  Text that a
spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, also
after leading spaces, tabs or other whitespace, which spreadsheets skip) or
that starts with a tab or carriage return is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from exports import fmt
from exports.pages import Page
from exports.view import Shown, View, Withheld

_FORMULA = ("=", "+", "-", "@")
_LEADING = ("\t", "\r")


def cell(value: Any) -> str | int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = fmt.text(value)
    # " =1+1" and "\u3000=cmd" are formulas too: spreadsheets skip leading whitespace.
    return "'" + text if text.startswith(_LEADING) or text.lstrip().startswith(_FORMULA) else text


def write(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(header)
    for row in rows:
        out.writerow([cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _rows(view: View, kind: str, fields: Sequence[str], extra=None) -> Iterable[list[Any]]:
    for s in view.of(kind):
        if s.withheld:
            yield [s.id, s.withheld.reason] + [""] * (len(fields) + (len(extra(s)) if extra else 0))
            continue
        yield [s.id, ""] + [s.get(f, "") for f in fields] + (extra(s) if extra else [])


DECISION_FIELDS = ("date", "meeting", "title", "tier", "motion", "moved_by", "seconded_by", "outcome",
                   "outcome_note", "amends")
MEETING_FIELDS = ("date", "title", "kind", "status", "quorate", "quorum_note", "minutes_status")
IP_FIELDS = ("title", "kind", "origin", "spdx", "oss_obligations", "royalty_terms", "on_exit", "decision")
TALLY = ("for", "against", "abstain", "recused")


def decisions(view: View) -> bytes:
    return write(["id", "withheld", *DECISION_FIELDS], _rows(view, "decision", DECISION_FIELDS))


def meetings(view: View) -> bytes:
    def counts(s: Shown) -> list[Any]:
        att = s.derived.get("attendance")
        return [att[k] for k in ("present", "apologies", "absent", "proxy")] if att else [""] * 4

    header = ["id", "withheld", *MEETING_FIELDS, "present", "apologies", "absent", "proxy"]
    return write(header, _rows(view, "meeting", MEETING_FIELDS, counts))


def attendance(view: View) -> bytes:
    rows = []
    for m in view.visible("meeting"):
        att = m.get("attendance", {})
        if isinstance(att, Withheld):
            rows.append([m.id, att.marker, "", "", ""])
            continue
        for member, state in att.items():
            rows.append([m.id, member, view.member_label(member), view.member_party(member), state])
    return write(["meeting", "member", "name", "party", "attendance"], rows)


def ip_register(view: View) -> bytes:
    def owners(s: Shown) -> list[Any]:
        value = s.get("owners", {})
        return [value if isinstance(value, Withheld) else "; ".join(f"{p}:{fmt.text(v)}" for p, v in value.items())]

    return write(["id", "withheld", *IP_FIELDS, "owners"], _rows(view, "ip", IP_FIELDS, owners))


def votes(view: View) -> bytes:
    rows = []
    for d in view.visible("decision"):
        tally = d.derived.get("tally")
        named = "yes" if d.visible("votes") else "no"
        counts = [tally[k] for k in TALLY] if tally else [d.get("votes")] * 4
        rows.append([d.id, d.get("tier", ""), d.get("outcome", ""), *counts, named])
    return write(["decision", "tier", "outcome", *TALLY, "named_votes_published"], rows)


def named_votes(view: View) -> bytes:
    rows = [[d.id, member, view.member_label(member), view.member_party(member), vote]
            for d in view.visible("decision") if d.visible("votes") for member, vote in d.fields["votes"].items()]
    return write(["decision", "member", "name", "party", "vote"], rows)


def pages(view: View) -> list[Page]:
    files = {"decisions.csv": decisions, "meetings.csv": meetings, "attendance.csv": attendance,
             "ip-register.csv": ip_register, "votes.csv": votes, "named-votes.csv": named_votes}
    return [Page(f"csv/{name}", _bind(render, view)) for name, render in files.items()]


def _bind(render, view: View):
    return lambda: render(view)

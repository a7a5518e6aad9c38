"""An iCalendar file (RFC 5545) of meetings and public deadlines, written by hand.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8
character); TEXT values escape backslash, semicolon, comma and newline.  UIDs
are stable (the record ID, the event's role and the store's first commit), and
DTSTAMP is the source commit's time, so the same commit gives the same bytes.
Events are all-day (the records carry dates, not times).

Deadlines included: action items' due dates, the current stage deadline of
each open dispute, the closing day of each open written resolution (the last
day for votes), charter review dates, and the living registers' deadlines
(retention ends, access expiry, incident notifications and remediation, risk
and duty reviews; see :mod:`exports.registers`), each only where the audience
may see the fields it comes from.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from exports.fmt import anchor
from exports.pages import Page
from exports.view import View, Withheld

PRODID = "-//Council//council export//EN"


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str = ""
    status: str = "CONFIRMED"  # CONFIRMED | TENTATIVE | CANCELLED
    categories: str = ""


def escape(text: str) -> str:
    """TEXT escaped (RFC 5545 3.3.11), control characters other than newlines dropped.

    A TEXT value may hold no control character but HTAB; a vertical tab or an
    escape sequence in a record would break (or mislead) a calendar client.
    Line and paragraph separators count as newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def fold(line: str) -> bytes:
    """One content line, folded so no physical line exceeds 75 octets, CRLF-terminated."""
    data = line.encode("utf-8")
    out, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # do not split a UTF-8 sequence
            end -= 1
        out.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    out.append(data[start:])
    return b"\r\n ".join(out) + b"\r\n"


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def events(view: View) -> list[Event]:
    seed = view.root_commit[:12]
    out = _meeting_events(view, seed) + _action_events(view, seed) + _dispute_events(view, seed)
    out += _resolution_events(view, seed) + _review_events(view, seed)
    from exports.registers import calendar_events  # it builds on this module's Event

    out += calendar_events(view, seed)
    return sorted(out, key=lambda e: (e.day, e.uid))


def _meeting_events(view: View, seed: str) -> list[Event]:
    out = []
    for m in view.visible("meeting"):
        day, status = m.value("date"), m.value("status")
        if not isinstance(day, dt.date):
            continue
        ics_status = {"cancelled": "CANCELLED", "scheduled": "CONFIRMED", "held": "CONFIRMED"}.get(status, "TENTATIVE")
        description = f"{m.id} ({status or 'status withheld'})"
        if isinstance(m.get("quorum_note"), str) and m.get("quorum_note"):
            description += f". {m.get('quorum_note')}"
        out.append(Event(f"meeting-{m.id}-{seed}@council", day, f"{view.name}: {m.title}", description,
                         ics_status, "MEETING"))
    return out


def _action_events(view: View, seed: str) -> list[Event]:
    out = []
    for d in view.visible("decision"):
        actions = d.get("actions", [])
        if isinstance(actions, Withheld):
            continue
        for i, act in enumerate(actions, 1):
            if isinstance(act.get("due"), dt.date) and act.get("status") == "open":
                out.append(Event(f"action-{d.id}-{i}-{seed}@council", act["due"], f"Action due ({d.id}): {act['text']}",
                                 f"From decision {d.id}: {d.title}", "CONFIRMED", "DEADLINE"))
    return out


def _dispute_events(view: View, seed: str) -> list[Event]:
    out = []
    for d in view.of("dispute"):
        stage = d.derived.get("current_stage")
        clocks = d.derived.get("stages") or []
        if stage and clocks and isinstance(clocks[-1].get("deadline"), dt.date):
            out.append(Event(f"dispute-{d.id}-{anchor(stage)}-{seed}@council", clocks[-1]["deadline"],
                             f"Dispute {d.id}: {stage} stage deadline",
                             f"Dispute {d.id} entered the {stage} stage on {clocks[-1]['entered'].isoformat()}.",
                             "CONFIRMED", "DEADLINE"))
    return out


def _resolution_events(view: View, seed: str) -> list[Event]:
    """An open written resolution's closing day: the last day its members may vote."""
    out = []
    for r in view.visible("resolution"):
        day, opens = r.value("closes"), r.value("opens")
        if r.value("status") != "open" or not isinstance(day, dt.date):
            continue
        since = f", open since {opens.isoformat()}" if isinstance(opens, dt.date) else ""
        out.append(Event(f"resolution-{r.id}-closes-{seed}@council", day,
                         f"Written resolution {r.id} closes: {r.title}",
                         f"The last day for votes on written resolution {r.id}{since}.", "CONFIRMED", "DEADLINE"))
    return out


def _review_events(view: View, seed: str) -> list[Event]:
    out = []
    for c in view.visible("clause"):
        day = c.value("review_date")
        if isinstance(day, dt.date):
            out.append(Event(f"review-{c.id}-{seed}@council", day, f"Charter review: clause {c.id} {c.title}",
                             "", "CONFIRMED", "DEADLINE"))
    return out


def calendar(view: View) -> bytes:
    stamp = view.time.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(view.name)}"]
    for e in events(view):
        lines += ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{_date(e.day)}",
                  f"DTEND;VALUE=DATE:{_date(e.day + dt.timedelta(days=1))}", f"SUMMARY:{escape(e.summary)}"]
        if e.description:
            lines.append(f"DESCRIPTION:{escape(e.description)}")
        lines += [f"STATUS:{e.status}", f"CATEGORIES:{e.categories}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def pages(view: View) -> list[Page]:
    return [Page("council.ics", lambda: calendar(view))]

"""The meeting pack and the minutes as documents: Markdown first, then HTML and PDF.

A secretariat circulates, before a meeting, the agenda pack: the agenda,
the papers each item refers to, the previous meeting's minutes for
approval, and the actions falling due; after it, the minutes with each
decision's motion, mover, seconder, votes and outcome. Both are built here
from one commit of the record (:class:`exports.snapshot.Snapshot`), as
Markdown; :func:`to_html` renders that with the same markdown-it setup as
the site (raw HTML off), and :mod:`exports.pdf` prints the HTML.

A pack goes to every member of the council, of every party, so it holds
what the council may read and nothing one party holds against another: a
privileged paper (a party's legal position in a dispute) is named, never
reproduced, and the cover says the highest sensitivity inside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from council import rules
from council.markdown import to_html as markdown_html
from council.records import SENSITIVITIES, Decision, Meeting, Member, Record
from exports.snapshot import Snapshot


class PackError(ValueError):
    """The meeting asked for does not exist, or its minutes cannot be printed yet."""


@dataclass(frozen=True)
class Document:
    """One printable document: its title, its Markdown, and what it may not be shown to."""

    title: str
    markdown: str
    sensitivity: str


def _records(snapshot: Snapshot) -> dict[str, Record]:
    return {s.record.id: s.record for kind in snapshot.sources for s in snapshot.of(kind)}


def _meeting(records: dict[str, Record], meeting_id: str) -> Meeting:
    meeting = records.get(meeting_id)
    if not isinstance(meeting, Meeting):
        raise PackError(f"{meeting_id}: no such meeting in the record")
    return meeting


def _members(records: dict[str, Record], day: dt.date) -> list[Member]:
    members = [r for r in records.values() if isinstance(r, Member)]
    serving = [m for m in members if m.term_start <= day and (m.term_end is None or m.term_end >= day)]
    return sorted(serving, key=lambda m: (m.party, m.name))


def level_of(record: Record) -> str:
    """The highest sensitivity of a record and of any of its fields."""
    return _sensitivity([getattr(record, "sensitivity", "public"),
                         *getattr(record, "field_sensitivity", {}).values()])


def _sensitivity(levels: Iterable[str]) -> str:
    rank = {level: i for i, level in enumerate(SENSITIVITIES)}
    return max(levels, key=lambda level: rank.get(level, 0), default="public")


def _cover(snapshot: Snapshot, records: dict[str, Record], meeting: Meeting, what: str) -> list[str]:
    partnership = records.get("partnership")
    name = getattr(partnership, "name", "") or "The council"
    circulated = (f"Agenda circulated {meeting.agenda_circulated.isoformat()}" if meeting.agenda_circulated
                  else "Agenda not yet circulated")
    return [f"# {meeting.title or meeting.id}", "", f"**{name}**: {what}", "",
            f"- Meeting: {meeting.id}, {meeting.kind}, {meeting.date.isoformat()} ({meeting.status})",
            f"- {circulated}", f"- From the record at commit `{snapshot.commit[:12]}`", ""]


def _paper(record: Record | None, ref: str) -> list[str]:
    if record is None:
        return [f"### {ref}", "", "*Not in the record.*", ""]
    title = getattr(record, "title", "") or getattr(record, "name", "") or ref
    level = getattr(record, "sensitivity", "public")
    head = [f"### {ref}: {title}", "", f"*{record.KIND}, {level}*", ""]
    if "privileged" in (level, getattr(record, "field_sensitivity", {}).get("body")):
        return head + ["*Privileged to one party: circulated to that party only, not reproduced here.*", ""]
    body = demote(getattr(record, "body", "").strip(), 3)
    return head + ([body, ""] if body else ["*No text.*", ""])


def demote(markdown: str, levels: int) -> str:
    """Push a record's own headings below the document's (``#`` becomes ``####`` at 3), fences kept."""
    out, fence = [], ""
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence and stripped.startswith(fence) else (fence or stripped[:3])
        elif not fence and stripped.startswith("#"):
            hashes = len(stripped) - len(stripped.lstrip("#"))
            if hashes <= 6 and stripped[hashes:hashes + 1] in (" ", ""):
                line = "#" * min(6, hashes + levels) + stripped[hashes:]
        out.append(line)
    return "\n".join(out)


def _shown_level(record: Record) -> str:
    """The sensitivity of what the pack reproduces of a paper: a privileged one only by name."""
    level = level_of(record)
    return "confidential" if level == "privileged" else level


def _previous_minutes(records: dict[str, Record], meeting: Meeting) -> Meeting | None:
    earlier = [r for r in records.values() if isinstance(r, Meeting) and r.status == "held"
               and r.date < meeting.date and r.minutes_status in ("draft", "circulated")]
    return max(earlier, key=lambda m: (m.date, m.id), default=None)


def _actions_due(records: dict[str, Record], meeting: Meeting) -> list[str]:
    lines = []
    for decision in sorted((r for r in records.values() if isinstance(r, Decision)), key=lambda d: d.id):
        for action in decision.actions:
            if action.status == "open" and action.due is not None and action.due <= meeting.date:
                lines.append(f"| {decision.id} | {action.text} | {_owner(records, action.owner)} | "
                             f"{action.due.isoformat()} |")
    if not lines:
        return ["*No open actions fall due by this meeting.*", ""]
    return ["| Decision | Action | Owner | Due |", "|---|---|---|---|", *lines, ""]


def _owner(records: dict[str, Record], owner: str) -> str:
    """An action's owner as the pack names people: a member by name and party, a party by
    its legal name; an ID the record does not hold stays as written."""
    found = records.get(owner)
    if isinstance(found, Member):
        return f"{found.name} ({found.party})"
    partnership = records.get("partnership")
    party = next((p for p in getattr(partnership, "parties", []) if p.id == owner), None)
    return party.legal_name if party is not None else (owner or "-")


def agenda_pack(snapshot: Snapshot, meeting_id: str) -> Document:
    """The pack circulated before ``meeting_id``: agenda, papers, previous minutes, actions due."""
    records = _records(snapshot)
    meeting = _meeting(records, meeting_id)
    out = _cover(snapshot, records, meeting, "agenda pack")
    out += ["## Agenda", ""]
    out += [f"{n}. {item.title}" + (f" ({', '.join(item.refs)})" if item.refs else "")
            for n, item in enumerate(meeting.agenda, start=1)] or ["*No agenda items yet.*"]
    out += ["", "## Members", "", "| Party | Member | Role | Votes |", "|---|---|---|---|"]
    out += [f"| {m.party} | {m.name} | {m.role.replace('_', ' ')} | {'yes' if m.voting else 'no'} |"
            for m in _members(records, meeting.date)]
    out += ["", "## Papers", ""]
    previous = _previous_minutes(records, meeting)
    refs = [ref for ref in dict.fromkeys(ref for item in meeting.agenda for ref in item.refs)
            if previous is None or ref != previous.id]  # those minutes have a section of their own
    papers = [records.get(ref) for ref in refs]
    for ref, record in zip(refs, papers):
        out += _paper(record, ref)
    if not refs:
        out += ["*No papers are referred to by the agenda.*", ""]
    out += ["## Minutes for approval", ""]
    if previous is not None:
        out += [f"### {previous.id}: {previous.title} ({previous.date.isoformat()}, {previous.minutes_status})",
                "", demote(previous.body.strip(), 3) or "*No minutes written.*", ""]
    else:
        out += ["*No earlier minutes await approval.*", ""]
    out += ["## Actions falling due", "", *_actions_due(records, meeting)]
    levels = [level_of(meeting), *(_shown_level(p) for p in papers if p is not None)]
    if previous is not None:
        levels.append(level_of(previous))
    level = _sensitivity(levels)
    return Document(f"{meeting.id} agenda pack", _stamp(level, out), level)


def minutes(snapshot: Snapshot, meeting_id: str) -> Document:
    """The minutes of a held meeting, with every decision taken at it."""
    records = _records(snapshot)
    meeting = _meeting(records, meeting_id)
    if meeting.status != "held":
        raise PackError(f"{meeting_id}: the meeting is {meeting.status}, not held: it has no minutes yet")
    state = {"approved": f"approved at {meeting.minutes_approved_at}"}.get(meeting.minutes_status,
                                                                         meeting.minutes_status)
    out = _cover(snapshot, records, meeting, f"minutes ({state})")
    members = {m.id: m for m in records.values() if isinstance(m, Member)}
    out += ["## Attendance", "", meeting.quorum_note or "", ""]
    out += [f"- {members[m].name if m in members else m}: {_attendance(state_, members)}"
            for m, state_ in sorted(meeting.attendance.items(), key=lambda i: (members[i[0]].name if i[0] in members else i[0]))]
    out += ["", "## Minutes", "", demote(meeting.body.strip(), 2) or "*No minutes written.*", "", "## Decisions", ""]
    decisions = sorted((r for r in records.values() if isinstance(r, Decision) and r.meeting == meeting.id),
                       key=lambda d: d.id)
    for decision in decisions:
        out += _decision(decision, members) + _actions_arising(records, decision)
    if not decisions:
        out += ["*No decisions were taken.*", ""]
    level = _sensitivity([level_of(meeting), *(level_of(d) for d in decisions)])
    return Document(f"{meeting.id} minutes", _stamp(level, out), level)


def _attendance(state: str, members: dict[str, Member]) -> str:
    if state.startswith("proxy:"):
        holder = state.split(":", 1)[1]
        return f"by proxy, held by {members[holder].name if holder in members else holder}"
    return state


def _decision(decision: Decision, members: dict[str, Member]) -> list[str]:
    def name(member_id: str) -> str:
        return members[member_id].name if member_id in members else (member_id or "-")

    t = rules.tally(decision.votes)
    return [f"### {decision.id}: {decision.title}", "", f"*Tier {decision.tier}; {decision.outcome}.*", "",
            f"> {decision.motion}" if decision.motion else "*No motion recorded.*", "",
            f"- Moved by {name(decision.moved_by)}; seconded by {name(decision.seconded_by)}",
            f"- Votes: {t.for_} for, {t.against} against, {t.abstain} abstaining, {t.recused} recused",
            f"- {decision.outcome_note}" if decision.outcome_note else "", ""]


def _actions_arising(records: dict[str, Record], decision: Decision) -> list[str]:
    """The actions a decision set, as minutes record them: what, who and by when."""
    if not decision.actions:
        return []
    lines = ["Actions arising:", ""]
    for action in decision.actions:
        due = f", by {action.due.isoformat()}" if action.due else ""
        done = f" (done {action.done_on.isoformat()})" if action.done_on else ""
        lines.append(f"- {action.text} ({_owner(records, action.owner)}{due}){done}")
    return [*lines, ""]


def _stamp(level: str, lines: list[str]) -> str:
    note = {"public": "", "internal": "For the council and its parties: not for publication.",
            "confidential": "CONFIDENTIAL: for members of the council only; do not publish or forward.",
            "privileged": "Holds privileged material: for the named party only."}[level]
    body = "\n".join(lines).rstrip() + "\n"
    return (f"*{note}*\n\n" if note else "") + body


CSS = """
@page { size: A4; margin: 20mm 18mm; @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; border-bottom: 1px solid #999; } h3 { font-size: 11.5pt; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #bbb; padding: 3px 6px; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: 10px; }
"""


def to_html(document: Document) -> str:
    """A standalone HTML page of the document, raw HTML in the record disabled."""
    title = document.title.replace("&", "&amp;").replace("<", "&lt;")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body>\n{markdown_html(document.markdown)}</body></html>\n")


FORMATS = ("md", "html", "pdf")


def write_files(document: Document, out: Path, formats: Iterable[str], stem: str) -> list[Path]:
    """Write ``document`` into ``out`` as ``stem.md``, ``.html`` and ``.pdf`` (those asked for).

    Never through a symbolic link; where PDF printing is unavailable the other
    formats are still written and :class:`exports.pdf.PdfUnavailable` says what
    to install (its ``written`` names what was).
    """
    from exports import pdf

    if out.is_symlink():
        raise PackError(f"{out} is a symbolic link: Council never writes through one")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    html = to_html(document)
    for fmt in formats:
        target = out / f"{stem}.{fmt}"
        if target.is_symlink():
            raise PackError(f"{target} is a symbolic link: Council never writes through one")
        if fmt == "md":
            target.write_text(document.markdown, encoding="utf-8")
        elif fmt == "html":
            target.write_text(html, encoding="utf-8")
        else:
            try:
                pdf.write_pdf(html, target)
            except pdf.PdfUnavailable as exc:
                exc.written = list(written)
                raise
        written.append(target)
    return written

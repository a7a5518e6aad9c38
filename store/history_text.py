"""Plain-text views of history, diffs, blame and terms, for the CLI and the evidence bundle.

Each function takes the dataclasses of :mod:`store.history` /
:mod:`store.recorddiff` and returns lines; nothing here reads git.  Word
changes are shown as git's ``--word-diff=plain`` shows them: ``[-old-]{+new+}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from store.history import BlameLine, Terms, show_value
from store.log import entry_lines
from store.logentry import Entry
from store.recorddiff import Diff, RecordDiff, Segment


def history_lines(entries: Iterable[Entry]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        out += entry_lines(entry)
    return out


def diff_lines(d: Diff) -> list[str]:
    """A diff: the commit's header (for one commit), then each record field by field and word by word."""
    out: list[str] = []
    if d.commit is not None:
        out += entry_lines(d.commit) + [""]
    else:
        out += [f"Changes from {str(d.old)[:10]} to {d.new[:10]}", ""]
    if not d.records:
        out.append("No record changed.")
    for rec in d.records:
        out += record_lines(rec) + [""]
    return out[:-1] if out and out[-1] == "" else out


def record_lines(rec: RecordDiff) -> list[str]:
    out = [f"{rec.kind} {rec.record} ({rec.path}): {rec.status}"]
    width = max((len(c.field) for c in rec.fields), default=0)
    for c in rec.fields:
        if rec.status == "added":
            out.append(f"  {c.field:<{width}}  {show_value(c.new)}")
        elif rec.status == "deleted":
            out.append(f"  {c.field:<{width}}  {show_value(c.old)} (removed)")
        else:
            out.append(f"  {c.field:<{width}}  {show_value(c.old)} -> {show_value(c.new)}")
    if rec.body_changed:
        out.append("  text:")
        out += ["    " + line for line in body_lines(rec.body, whole=rec.status != "modified")]
    return out


def body_lines(segments: list[Segment], whole: bool = False) -> list[str]:
    """The body with changes marked; unchanged lines between changes collapse to '…'."""
    marked = "".join(_mark(s) for s in segments)
    changed = [("[-" in line or "{+" in line, line) for line in marked.split("\n")]
    if whole:
        return [line for _, line in changed if line]
    out: list[str] = []
    for is_changed, line in changed:
        if is_changed:
            out.append(line)
        elif out and out[-1] != "…":
            out.append("…")
    return out[:-1] if out and out[-1] == "…" else out


def _mark(segment: Segment) -> str:
    if segment.op == "equal":
        return segment.text
    # A change spanning lines is marked on each line, so every changed line shows it.
    left, right = ("[-", "-]") if segment.op == "delete" else ("{+", "+}")
    parts = segment.text.split("\n")
    return "\n".join(f"{left}{p}{right}" if p else "" for p in parts)


def blame_lines(lines: list[BlameLine]) -> list[str]:
    """One line per field and body line: commit, date, the decision (or kind) behind it, the text."""
    out = []
    section = ""
    for b in lines:
        if b.part != section:
            section = b.part
            out.append("Fields:" if section == "field" else "Text:")
        why = b.decision or (b.kind or "plain")
        out.append(f"  {b.commit[:10]} {b.date.date()} {why:<14} {b.text}")
    return out


def terms_lines(terms: Terms) -> list[str]:
    """The terms in force on a day, from the history."""
    if terms.commit is None:
        return [f"No terms were in force on {terms.as_of}: the store's history starts later."]
    head = f"Terms in force on {terms.as_of}, as of commit {terms.commit[:10]} ({terms.date.date() if terms.date else ''})"
    out = [head]
    if terms.last_amendment is not None:
        a = terms.last_amendment
        by = f" by {a.decision}" if a.decision else ""
        out.append(f"Last amended {a.day}{by}: {a.summary}")
    p = terms.partnership
    if p is not None:
        out += ["", f"Partnership: {p.name} (effective {p.effective_date})",
                "  Parties: " + ", ".join(f"{x.legal_name} ({x.id})" for x in p.parties)]
    if terms.clauses:
        out += ["", "Charter"]
        for c in terms.clauses:
            out.append(f"  {c.id} {c.title}")
            out += ["      " + line for line in c.body.splitlines() if line.strip()]
    if terms.ip:
        out += ["", "IP register"]
        for asset in terms.ip:
            owners = ", ".join(f"{k} {v:g}%" for k, v in asset.owners.items())
            out.append(f"  {asset.id} {asset.title} [{asset.kind}, {asset.origin}] owners: {owners or '-'}; "
                       f"on exit: {asset.on_exit}")
    if terms.exit:
        out += ["", "Exit plan"]
        for plan in terms.exit:
            out.append(f"  {plan.id} {plan.title}: notice {plan.notice_days} days")
            for ob in plan.obligations:
                out.append(f"    {ob.id}: {ob.party} {ob.action} {ob.asset or ''} within {ob.days} days".rstrip())
    for kind, records in sorted(terms.records.items()):
        if kind in ("partnership", "clause", "ip", "exit") or not records:
            continue
        out += ["", f"{kind.capitalize()} terms"]
        out += [f"  {r.id} {r.title_text}" for r in records]
    return out

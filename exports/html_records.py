"""HTML for records: field tables, reference links and the per-kind sections."""

from __future__ import annotations

from typing import Any

from exports import fmt
from exports.html_base import Col, a, esc, markdown, table, withheld
from exports.view import Shown, View, Withheld

# Fields shown in their own section rather than in the record's field table.
SECTIONS = {"body", "id", "attendance", "agenda", "votes", "actions", "owners", "licenses",
            "settings", "stages", "parties", "triggers", "obligations"}
BODY_HEADINGS = {"meeting": "Minutes", "decision": "Rationale", "ip": "Description", "clause": "Text",
                 "dispute": "Substance", "member": "Notes", "exit": "Plan", "partnership": "About"}


class Html:
    """Markup for one view's values, with links relative to a page at ``depth``."""

    def __init__(self, view: View, depth: int = 0) -> None:
        self.view, self.up = view, "../" * depth
        self.parties = fmt.party_names(view)

    def record_link(self, record_id: str, content: str | None = None) -> str:
        target = fmt.record_target(self.view, record_id, "html")
        shown = esc(record_id) if content is None else content
        return a(self.up + target, shown) if target else shown

    def value(self, name: str, value: Any) -> str:
        """A field's value as markup: markers for withheld values, links for references."""
        if isinstance(value, Withheld):
            return withheld(value)
        ref = fmt.REFS.get(name)
        if ref and value:
            parts = []
            for item in fmt.each(value):
                text = esc(fmt.ref_label(self.view, ref, str(item), self.parties))
                parts.append(self.record_link(str(item), text) if ref.kind != "party" else text)
            return ", ".join(parts)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "<br>".join(esc(v) for v in value)
        return esc(fmt.text(value))

    def fields_table(self, shown: Shown, caption: str) -> str:
        rows = [(esc(fmt.label(name)), self.value(name, value))
                for name, value in shown.fields.items() if name not in SECTIONS]
        return table(caption, [Col("Field"), Col("Value")], rows)

    def body(self, shown: Shown, level: int = 2, heading: bool = True) -> str:
        """The record's Markdown body, under a heading of ``level`` (its own headings go below)."""
        value = shown.get("body", "")
        title = f"<h{level}>{BODY_HEADINGS.get(shown.kind, 'Text')}</h{level}>\n" if heading else ""
        if isinstance(value, Withheld):
            return f"{title}<p>{withheld(value)}</p>\n"
        if not value:
            return ""
        return f'{title}<div class="body">\n{markdown(value, level if heading else level - 1)}</div>\n'

    def marker_or(self, value: Any, render) -> str:
        return f"<p>{withheld(value)}</p>\n" if isinstance(value, Withheld) else render(value)

    # --- sections ------------------------------------------------------------

    def attendance(self, shown: Shown) -> str:
        def render(att: dict[str, str]) -> str:
            rows = [(esc(self.view.member_label(m)), esc(self.parties.get(self.view.member_party(m),
                     self.view.member_party(m))), esc(_attendance_text(state, self.view)))
                    for m, state in att.items()]
            return table(f"Attendance at {shown.id}", [Col("Member"), Col("Party"), Col("Attendance")], rows)

        return "<h2>Attendance</h2>\n" + self.marker_or(shown.get("attendance", {}), render)

    def agenda(self, shown: Shown) -> str:
        def render(items: list[dict]) -> str:
            if not items:
                return "<p>No agenda recorded.</p>\n"
            lis = []
            for item in items:
                found = item.get("refs", [])
                refs = withheld(found) if isinstance(found, Withheld) else ", ".join(
                    self.record_link(r) for r in found)
                lis.append(f"<li>{esc(item.get('title', ''))} <small>({esc(item.get('kind', ''))})"
                           f"{' — ' + refs if refs else ''}</small></li>")
            return "<ol>\n" + "\n".join(lis) + "\n</ol>\n"

        return "<h2>Agenda</h2>\n" + self.marker_or(shown.get("agenda", []), render)

    def votes(self, shown: Shown) -> str:
        votes, tally = shown.get("votes", {}), shown.derived.get("tally")
        out = "<h2>Votes</h2>\n"
        if tally:
            cols = [Col("Votes"), Col("For", True), Col("Against", True), Col("Abstain", True), Col("Recused", True)]
            out += table(f"Vote count for {shown.id}", cols,
                         [("Count", *(str(tally[k]) for k in ("for", "against", "abstain", "recused")))])
        if isinstance(votes, Withheld):
            return out + f"<p>Named votes: {withheld(votes)}</p>\n"
        rows = [(esc(self.view.member_label(m)), esc(self.parties.get(self.view.member_party(m), "")), esc(v))
                for m, v in votes.items()]
        return out + table(f"Named votes on {shown.id}", [Col("Member"), Col("Party"), Col("Vote")], rows)

    def actions(self, shown: Shown) -> str:
        def render(items: list[dict]) -> str:
            rows = [(esc(i.get("text", "")), self.value("owner", i.get("owner", "")), esc(fmt.text(i.get("due"))),
                     esc(i.get("status", ""))) for i in items]
            return table(f"Actions from {shown.id}", [Col("Action"), Col("Owner"), Col("Due"), Col("Status")], rows)

        return "<h2>Actions</h2>\n" + self.marker_or(shown.get("actions", []), render)

    def owners(self, shown: Shown) -> str:
        def render(owners: dict[str, float]) -> str:
            rows = [(esc(self.parties.get(p, p)), esc(fmt.text(share))) for p, share in owners.items()]
            return table(f"Owners of {shown.id}", [Col("Party"), Col("Share (%)", True)], rows)

        return "<h2>Owners</h2>\n" + self.marker_or(shown.get("owners", {}), render)

    def licenses(self, shown: Shown) -> str:
        def render(items: list[dict]) -> str:
            rows = [(esc(self.parties.get(i["licensee"], i["licensee"])), esc(i.get("scope", "")),
                     esc(i.get("field_of_use", "")), esc(fmt.text(i.get("exclusive"))), esc(i.get("royalty", "")))
                    for i in items]
            cols = [Col("Licensee"), Col("Scope"), Col("Field of use"), Col("Exclusive"), Col("Royalty")]
            return table(f"Licences granted on {shown.id}", cols, rows)

        return "<h2>Licences</h2>\n" + self.marker_or(shown.get("licenses", []), render)

    def settings(self, shown: Shown) -> str:
        def render(settings: dict[str, Any]) -> str:
            rows = [(esc(fmt.label(k)), esc(fmt.text(v))) for k, v in settings.items()]
            return table(f"Settings of clause {shown.id}", [Col("Setting"), Col("Value")], rows)

        value = shown.get("settings", {})
        return "" if value == {} else self.marker_or(value, render)

    def stages(self, shown: Shown) -> str:
        clocks = shown.derived.get("stages")
        if not clocks:
            return self.marker_or(shown.get("stages", []), lambda _v: "")
        notes = [s.get("note", "") for s in shown.value("stages", [])]
        rows = []
        for clock, note in zip(clocks, notes):
            rows.append((esc(clock["name"]), esc(fmt.text(clock["entered"])), esc(fmt.text(clock["deadline"])),
                         esc(fmt.text(clock["left"])), "overdue" if clock["overdue"] else "",
                         withheld(note) if isinstance(note, Withheld) else esc(note)))
        cols = [Col("Stage"), Col("Entered"), Col("Deadline"), Col("Left"), Col("Overdue"), Col("Note")]
        return table(f"Escalation stages of {shown.id}", cols, rows)


def _attendance_text(state: str, view: View) -> str:
    if state.startswith("proxy:"):
        return f"by proxy, held by {view.member_label(state.split(':', 1)[1])}"
    return state

"""Markdown pages: the same pages as the site, under ``md/``.

Text Council writes (titles, field values, table cells) is escaped so that it
reads literally in any Markdown renderer.  A record's body is its Markdown
source, included verbatim (that is what a reader asks for), so these pages
must be rendered like Council's own site: with raw HTML disabled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from exports import fmt
from exports.cache import record_page_key
from exports.html_records import BODY_HEADINGS, SECTIONS
from exports.pages import Page
from exports.policy import REASONS
from exports.view import Shown, View, Withheld

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")  # enough to stay literal inline and in tables


def esc(value: Any) -> str:
    """Inline text that Markdown shows literally: punctuation escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(fmt.text(value).split()))


def table(cols: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = list(rows)
    if not rows:
        return "_None._\n\n"
    out = ["| " + " | ".join(esc(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n\n"


class Md:
    """Markdown for one view's values, with links relative to a page at ``depth`` under md/."""

    def __init__(self, view: View, depth: int = 0) -> None:
        self.view, self.up = view, "../" * depth
        self.parties = fmt.party_names(view)

    def link(self, record_id: str, text: str | None = None) -> str:
        target = fmt.record_target(self.view, record_id, "md")
        shown = esc(record_id if text is None else text)
        return f"[{shown}]({self.up}{target})" if target else shown

    def value(self, name: str, value: Any) -> str:
        ref = fmt.REFS.get(name)
        if ref and value and not isinstance(value, Withheld):
            labels = [(str(v), fmt.ref_label(self.view, ref, str(v), self.parties)) for v in fmt.each(value)]
            return ", ".join(esc(t) if ref.kind == "party" else self.link(i, t) for i, t in labels)
        return esc(value)

    def fields(self, shown: Shown) -> str:
        rows = [(esc(fmt.label(n)), self.value(n, v)) for n, v in shown.fields.items() if n not in SECTIONS]
        return table(["Field", "Value"], rows)

    def body(self, shown: Shown, level: int = 2) -> str:
        value = shown.get("body", "")
        heading = "#" * level + " " + BODY_HEADINGS.get(shown.kind, "Text") + "\n\n"
        if isinstance(value, Withheld):
            return heading + f"_{esc(value)}_\n\n"
        return heading + value.rstrip("\n") + "\n\n" if value else ""

    def section(self, title: str, value: Any, render: Callable[[Any], str]) -> str:
        inner = f"_{esc(value)}_\n\n" if isinstance(value, Withheld) else render(value)
        return f"## {title}\n\n{inner}"


def pages(view: View) -> list[Page]:
    def page(path: str, title: str, body: Callable[[], str]) -> Page:
        return Page("md/" + path, lambda: (f"# {esc(title)}\n\n" + body()).encode("utf-8"))

    out = [page("index.md", view.name, lambda: index(view)),
           page("charter.md", "Charter", lambda: charter(view)),
           page("meetings.md", "Meetings", lambda: listing(view, "meeting")),
           page("decisions.md", "Decisions", lambda: listing(view, "decision")),
           page("disputes.md", "Disputes", lambda: disputes(view)),
           page("ip.md", "IP register", lambda: listing(view, "ip")),
           page("redactions.md", "What was withheld", lambda: redactions(view))]
    if view.visible("member"):
        out.append(page("members.md", "Members", lambda: simple(view, "member")))
    if view.visible("exit"):
        out.append(page("exit.md", "Exit plan", lambda: simple(view, "exit")))
    for kind in fmt.register_kinds(view):
        out.append(page(f"registers/{kind}.md", fmt.register_title(kind), _bind_kind(view, kind)))
    for kind, folder in (("meeting", "meetings"), ("decision", "decisions"), ("ip", "ip")):
        for shown in view.visible(kind):
            made = page(f"{folder}/{shown.id}.md", f"{shown.id}: {shown.title}", _bind(view, shown))
            out.append(Page(made.path, made.render, _key(view, shown)))
    return out


def _key(view: View, shown: Shown) -> Callable[[], str]:
    return lambda: record_page_key(view, shown, "md", NAV)


def _bind(view: View, shown: Shown) -> Callable[[], str]:
    return lambda: record_page(view, shown)


def _bind_kind(view: View, kind: str) -> Callable[[], str]:
    return lambda: simple(view, kind, depth=1)


NAV = "[Home](index.md) · [Charter](charter.md) · [Meetings](meetings.md) · [Decisions](decisions.md) · " \
      "[Disputes](disputes.md) · [IP register](ip.md) · [What was withheld](redactions.md)\n\n"


def index(view: View) -> str:
    m = Md(view)
    out = NAV
    p = view.partnership
    if p is not None:
        out += m.fields(p)
        out += m.section("Parties", p.get("parties", []), lambda ps: table(
            ["Party", "Legal name", "Role"], [(esc(x["id"]), esc(x["legal_name"]), esc(x["role"])) for x in ps]))
        out += m.body(p)
    f = view.figures
    rows: list[tuple[str, ...]] = [(esc(k.replace("_", " ").capitalize()), esc(v)) for k, v in f.items()
                                   if k != "decisions_by_tier_and_outcome"]
    out += "## Transparency figures\n\n" + table(["Figure", "Value"], rows)
    rows = [(esc(t), esc(o), str(n)) for t, row in f["decisions_by_tier_and_outcome"].items() for o, n in row.items()]
    out += "## Decisions by tier and outcome\n\n" + table(["Tier", "Outcome", "Decisions"], rows)
    out += f"Records as of commit `{view.commit}`, made {view.time.isoformat()}; audience: {view.audience}.\n"
    return out


def listing(view: View, kind: str) -> str:
    m = Md(view)
    cols = {"meeting": ("date", "title", "status", "quorate"), "decision": ("date", "title", "tier", "outcome"),
            "ip": ("title", "kind", "origin", "spdx")}[kind]
    rows = []
    for s in view.of(kind):
        if s.withheld:
            rows.append((esc(s.id), f"_{esc(s.withheld)}_", *[""] * (len(cols) - 1)))
        else:
            rows.append((m.link(s.id), *(m.value(c, s.get(c)) for c in cols)))
    return NAV + table(["ID", *(fmt.label(c) for c in cols)], rows)


def charter(view: View) -> str:
    m = Md(view)
    out = NAV
    for c in view.of("clause"):
        if c.withheld:
            out += f"## Clause {esc(c.id)}\n\n_{esc(c.withheld)}_\n\n"
            continue
        out += f"## {esc(c.id)} {m.value('title', c.get('title'))}\n\n"
        body = c.get("body", "")
        out += f"_{esc(body)}_\n\n" if isinstance(body, Withheld) else (body + "\n\n" if body else "")
    return out


def disputes(view: View) -> str:
    m = Md(view)
    out = NAV
    for d in view.of("dispute"):
        out += f"## {esc(d.id)}\n\n" + m.fields(d)
        for clock in d.derived.get("stages", []):
            out += f"- {esc(clock['name'])}: entered {clock['entered']}, deadline {fmt.text(clock['deadline'])}\n"
        out += "\n" + m.body(d, 3)
    return out


def simple(view: View, kind: str, depth: int = 0) -> str:
    m = Md(view, depth)
    out = NAV.replace("](", "](" + "../" * depth)
    for s in view.of(kind):
        title = f"{s.id}: {s.title}" if s.title != s.id else s.id
        out += f"## {esc(title)}\n\n" + (f"_{esc(s.withheld)}_\n\n" if s.withheld else m.fields(s) + m.body(s, 3))
    return out


def redactions(view: View) -> str:
    report = view.report.as_dict()
    rows = [(esc(r), str(report["records"].get(r, 0)), str(report["fields"].get(r, 0))) for r in REASONS
            if r in report["records"] or r in report["fields"]]
    items = [(esc(i.item), esc(i.scope), esc(i.reason), f"`{i.commitment}`") for i in view.report.items]
    return NAV + table(["Reason", "Records", "Fields"], rows) + table(["Item", "Scope", "Reason", "Commitment"], items)


def record_page(view: View, s: Shown) -> str:
    m = Md(view, depth=1)
    listing = {"meeting": ("meetings.md", "Meetings"), "decision": ("decisions.md", "Decisions"),
               "ip": ("ip.md", "IP register")}[s.kind]
    out = f"[Home](../index.md) · [{listing[1]}](../{listing[0]})\n\n" + m.fields(s)
    if s.kind == "meeting":
        out += m.section("Attendance", s.get("attendance", {}), lambda att: table(
            ["Member", "Attendance"], [(esc(view.member_label(k)), esc(v)) for k, v in att.items()]))
    if s.kind == "decision":
        out += _votes(m, s)
        out += m.section("Actions", s.get("actions", []), lambda acts: table(
            ["Action", "Owner", "Due", "Status"],
            [(esc(x["text"]), esc(x["owner"]), esc(x["due"]), esc(x["status"])) for x in acts]))
    if s.kind == "ip":
        out += m.section("Owners", s.get("owners", {}), lambda own: table(
            ["Party", "Share (%)"], [(esc(m.parties.get(k, k)), esc(v)) for k, v in own.items()]))
    return out + m.body(s)


def _votes(m: Md, s: Shown) -> str:
    tally = s.derived.get("tally")
    out = "## Votes\n\n" + (esc(fmt.tally_text(tally)) + "\n\n" if tally else "")
    votes = s.get("votes", {})
    if isinstance(votes, Withheld):
        return out + f"Named votes: _{esc(votes)}_\n\n"
    return out + table(["Member", "Vote"], [(esc(m.view.member_label(k)), esc(v)) for k, v in votes.items()])

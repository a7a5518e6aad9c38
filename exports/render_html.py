"""The static HTML site: index with transparency figures, charter, meetings,
decisions, disputes, IP register (and members and exit plan where the
audience may see them), and the redaction report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from council.records import OUTCOMES
from exports import charts, fmt
from exports.cache import record_page_key
from exports.html_base import CSS, Col, Layout, a, esc, table, withheld
from exports.html_records import Html
from exports.pages import Page
from exports.policy import REASONS
from exports.view import Shown, View, Withheld

DOWNLOADS = {
    "json": ("council.json", "All published records as one JSON document"),
    "csv": ("csv/decisions.csv", "Decision log (CSV)"),
    "ics": ("council.ics", "Calendar of meetings and deadlines (iCalendar)"),
    "md": ("md/index.md", "The same pages in Markdown"),
}


def layout(view: View) -> Layout:
    nav = [("index.html", "Home"), ("charter.html", "Charter"), ("meetings.html", "Meetings"),
           ("decisions.html", "Decisions"), ("disputes.html", "Disputes"), ("ip.html", "IP register")]
    if view.visible("member"):
        nav.append(("members.html", "Members"))
    if view.visible("exit"):
        nav.append(("exit.html", "Exit plan"))
    if view.visible("artifact"):
        nav.append(("models.html", "Model cards"))
    nav += [(f"registers/{kind}.html", fmt.register_title(kind)) for kind in fmt.register_kinds(view)]
    nav.append(("redactions.html", "What was withheld"))
    footer = f"Published by {view.name} for the {view.audience}: only what its charter allows."
    return Layout(view.name, tuple(nav), footer, (("manifest.json", "Manifest: source commit and checksums"),))


def pages(view: View, formats: tuple[str, ...] = ("html",)) -> list[Page]:
    """Every HTML page of the site, plus its stylesheet."""
    lay = layout(view)

    def page(path: str, title: str, body: Callable[[], str]) -> Page:
        return Page(path, lambda: lay.page(path, title, body()))

    out = [
        Page("style.css", lambda: CSS.encode("utf-8")),
        page("index.html", view.name, lambda: index(view, formats)),
        page("charter.html", "Charter", lambda: charter(view)),
        page("meetings.html", "Meetings", lambda: meetings(view)),
        page("decisions.html", "Decisions", lambda: decisions(view)),
        page("disputes.html", "Disputes", lambda: disputes(view)),
        page("ip.html", "IP register", lambda: ip_register(view)),
        page("redactions.html", "What was withheld", lambda: redactions(view)),
    ]
    if view.visible("member"):
        out.append(page("members.html", "Members", lambda: members(view)))
    if view.visible("exit"):
        out.append(page("exit.html", "Exit plan", lambda: exit_plans(view)))
    if view.visible("artifact"):
        from exports.models import model_cards

        out.append(page("models.html", "Model cards and lineage", lambda: model_cards(view)))
    for kind in fmt.register_kinds(view):
        out.append(page(f"registers/{kind}.html", fmt.register_title(kind), _bind(register, view, kind)))
    for kind, folder, render in (("meeting", "meetings", meeting), ("decision", "decisions", decision),
                                 ("ip", "ip", ip_asset)):
        for shown in view.visible(kind):
            title = f"{shown.id}: {shown.title}" if shown.title != shown.id else shown.id
            made = page(f"{folder}/{shown.id}.html", title, _bind(render, view, shown))
            out.append(Page(made.path, made.render, _key(view, shown, lay)))
    return out


def _key(view: View, shown: Shown, lay: Layout) -> Callable[[], str]:
    return lambda: record_page_key(view, shown, "html", lay)


def _bind(render: Callable[[View, Any], str], view: View, arg: object) -> Callable[[], str]:
    return lambda: render(view, arg)


# --- index ---------------------------------------------------------------------


def index(view: View, formats: tuple[str, ...]) -> str:
    h = Html(view)
    p = view.partnership
    out = ""
    if p is not None:
        out += h.fields_table(p, "The partnership")
        out += "<h2>Parties</h2>\n" + h.marker_or(p.get("parties", []), lambda parties: table(
            "Parties to the partnership", [Col("Party"), Col("Legal name"), Col("Role"), Col("Contributes")],
            [(esc(x["id"]), esc(x["legal_name"]), esc(x["role"]), esc(fmt.text(x["contributes"])))
             for x in parties]))
        out += h.body(p)
    else:
        out += "<p>The partnership record is not published.</p>\n"
    out += figures(view)
    report = view.report.as_dict()
    out += (f"<h2>What was withheld</h2>\n<p>Withheld from this publication: {report['records_total']} "
            f"whole records and {report['fields_total']} fields of records otherwise shown. "
            f"{a('redactions.html', 'See why')}.</p>\n")
    links = [f"<li>{a(DOWNLOADS[f][0], esc(DOWNLOADS[f][1]))}</li>" for f in formats if f in DOWNLOADS]
    links.append(f"<li>{a('manifest.json', 'Manifest: source commit and a SHA-256 of every file')}</li>")
    out += "<h2>Downloads</h2>\n<ul>\n" + "\n".join(links) + "\n</ul>\n"
    out += (f"<h2>Source</h2>\n<p>Records as of commit <code>{esc(view.commit)}</code>, "
            f"made {esc(view.time.isoformat())}. Audience: {esc(view.audience)}.</p>\n")
    return out


def figures(view: View) -> str:
    f = view.figures
    rows = [
        ("Meetings held", str(f["meetings_held"])),
        ("Meetings scheduled", str(f["meetings_scheduled"])),
        ("Quorate meetings", f"{f['meetings_quorate']} ({fmt.percent(f['quorum_rate'])} of meetings held)"),
        ("Disputes raised", str(f["disputes_raised"])),
        ("Disputes open", str(f["disputes_open"])),
        ("Median dispute duration", "n/a" if f["median_dispute_days"] is None
         else f"{f['median_dispute_days']} days ({f['disputes_closed']} closed)"),
    ]
    out = "<h2>Transparency figures</h2>\n"
    out += table("Transparency figures", [Col("Figure"), Col("Value")], [(esc(k), esc(v)) for k, v in rows])
    by_tier = f["decisions_by_tier_and_outcome"]
    outcomes = [o for o in OUTCOMES if any(o in row for row in by_tier.values())]
    cols = [Col("Tier")] + [Col(o.replace("_", " ").capitalize(), True) for o in outcomes] + [Col("Total", True)]
    rows2 = [(esc(tier), *(str(row.get(o, 0)) for o in outcomes), str(sum(row.values())))
             for tier, row in by_tier.items()]
    return (out + table("Decisions by tier and outcome", cols, rows2) + charts.decisions_by_quarter(view)
            + charts.attendance_by_meeting(view))


# --- lists ---------------------------------------------------------------------


def _withheld_row(h: Html, shown: Shown, width: int) -> tuple[str, ...]:
    assert shown.withheld is not None
    return (esc(shown.id), withheld(shown.withheld), *([""] * (width - 2)))


def meetings(view: View) -> str:
    h = Html(view)
    cols = [Col("Meeting"), Col("Date"), Col("Title"), Col("Status"), Col("Quorate"), Col("Present", True),
            Col("Minutes")]
    rows = []
    for m in view.of("meeting"):
        if m.withheld:
            rows.append(_withheld_row(h, m, len(cols)))
            continue
        present = m.derived.get("attendance", {}).get("present")
        rows.append((h.record_link(m.id), h.value("date", m.get("date")), h.value("title", m.get("title")),
                     h.value("status", m.get("status")), h.value("quorate", m.get("quorate")),
                     "" if present is None else str(present), h.value("minutes_status", m.get("minutes_status"))))
    return table("Meetings of the council", cols, rows)


def decisions(view: View) -> str:
    h = Html(view)
    cols = [Col("Decision"), Col("Date"), Col("Title"), Col("Tier"), Col("Outcome"), Col("Votes")]
    rows = []
    for d in view.of("decision"):
        if d.withheld:
            rows.append(_withheld_row(h, d, len(cols)))
            continue
        rows.append((h.record_link(d.id), h.value("date", d.get("date")), h.value("title", d.get("title")),
                     h.value("tier", d.get("tier")), h.value("outcome", d.get("outcome")),
                     esc(fmt.tally_text(d.derived.get("tally")))))
    return table("Decision log", cols, rows)


def ip_register(view: View) -> str:
    h = Html(view)
    cols = [Col("Asset"), Col("Title"), Col("Kind"), Col("Origin"), Col("Owners"), Col("Licence"), Col("On exit")]
    rows = []
    for x in view.of("ip"):
        if x.withheld:
            rows.append(_withheld_row(h, x, len(cols)))
            continue
        owners = x.get("owners", {})
        owners_html = withheld(owners) if isinstance(owners, Withheld) else esc(
            "; ".join(f"{h.parties.get(p, p)} {fmt.text(s)}%" for p, s in owners.items()))
        rows.append((h.record_link(x.id), h.value("title", x.get("title")), h.value("kind", x.get("kind")),
                     h.value("origin", x.get("origin")), owners_html, h.value("spdx", x.get("spdx")),
                     h.value("on_exit", x.get("on_exit"))))
    return table("IP register", cols, rows)


def disputes(view: View) -> str:
    h = Html(view)
    cols = [Col("Dispute"), Col("Raised"), Col("Status"), Col("Current stage"), Col("Closed"),
            Col("Duration (days)", True)]
    rows, details = [], ""
    for d in view.of("dispute"):
        days = d.derived.get("duration_days")
        open_days = d.derived.get("open_days")
        days_text = str(days) if days is not None else (f"open {open_days}" if open_days is not None else "")
        rows.append((a("#" + fmt.anchor(d.id), esc(d.id)), h.value("raised_on", d.get("raised_on")),
                     h.value("status", d.get("status")), esc(d.derived.get("current_stage") or ""),
                     h.value("resolved_on", d.get("resolved_on")), esc(days_text)))
        title = f": {h.value('title', d.get('title'))}" if d.visible("title") else ""
        details += (f'<h2 id="{esc(fmt.anchor(d.id))}">{esc(d.id)}{title}</h2>\n'
                    + h.fields_table(d, f"Dispute {d.id}") + h.stages(d) + h.body(d, 3))
    intro = ("<p>The public may know that disputes exist and how long they took, never their substance.</p>\n"
             if view.audience == "public" else "")
    return intro + table("Disputes", cols, rows) + charts.dispute_timelines(view) + details


def charter(view: View) -> str:
    h = Html(view)
    out = ""
    for c in view.of("clause"):
        anchor = esc(fmt.anchor("clause-" + c.id))
        if c.withheld:
            out += f'<h2 id="{anchor}">Clause {esc(c.id)}</h2>\n<p>{withheld(c.withheld)}</p>\n'
            continue
        out += f'<h2 id="{anchor}">{esc(c.id)} {h.value("title", c.get("title"))}</h2>\n'
        out += h.body(c, 3, heading=False)
        extra = {k: v for k, v in c.fields.items() if k in ("rule", "review_date") and v not in ("", None)}
        if extra:
            out += table(f"Clause {c.id}", [Col("Field"), Col("Value")],
                         [(esc(fmt.label(k)), h.value(k, v)) for k, v in extra.items()])
        out += h.settings(c)
    return out or "<p>No charter clauses are published.</p>\n"


def members(view: View) -> str:
    h = Html(view)
    cols = [Col("Member"), Col("Party"), Col("Role"), Col("Voting"), Col("Term"), Col("Email")]
    rows = []
    for m in view.of("member"):
        if m.withheld:
            rows.append(_withheld_row(h, m, len(cols)))
            continue
        term = f"{fmt.text(m.get('term_start'))} – {fmt.text(m.get('term_end'))}"
        rows.append((f'<span id="{esc(fmt.anchor("member-" + m.id))}">{h.value("name", m.get("name"))}</span>',
                     h.value("party", m.get("party")), h.value("role", m.get("role")),
                     h.value("voting", m.get("voting")), esc(term), h.value("email", m.get("email"))))
    return table("Members of the council", cols, rows)


def exit_plans(view: View) -> str:
    h = Html(view)
    out = ""
    for x in view.visible("exit"):
        out += f'<h2 id="{esc(fmt.anchor(x.id))}">{esc(x.id)}: {h.value("title", x.get("title"))}</h2>\n'
        out += h.fields_table(x, f"Exit plan {x.id}")
        # The lambdas run at once, inside marker_or, while x is this plan.
        out += "<h3>Triggers</h3>\n" + h.marker_or(x.get("triggers", []), lambda ts: table(
            f"Exit triggers of {x.id}", [Col("Trigger"), Col("Description")],  # noqa: B023
            [(esc(t["name"]), esc(t.get("description", ""))) for t in ts]))
        out += "<h3>Obligations</h3>\n" + h.marker_or(x.get("obligations", []), lambda obs: table(
            f"Exit obligations of {x.id}",  # noqa: B023
            [Col("Obligation"), Col("Party"), Col("Action"), Col("Asset"), Col("Days", True), Col("Completed")],
            [(esc(o["id"]), esc(h.parties.get(o["party"], o["party"])), esc(o["action"]), esc(o.get("asset", "")),
              esc(o["days"]), esc(fmt.text(o.get("completed_on")))) for o in obs]))
        out += h.body(x, 3)
    return out + charts.exit_readiness(view, h.parties)


def redactions(view: View) -> str:
    report = view.report.as_dict()
    reasons = [r for r in REASONS if r in report["records"] or r in report["fields"]]
    rows = [(esc(r), str(report["records"].get(r, 0)), str(report["fields"].get(r, 0))) for r in reasons]
    out = ("<p>Each withheld record or field is replaced by a marker saying why. The manifest carries, for "
           "each, a salted SHA-256 commitment that an auditor shown the withheld text can check.</p>\n")
    out += table("Withheld, by reason", [Col("Reason"), Col("Records", True), Col("Fields", True)], rows)
    items = [(esc(i.item), esc(i.scope), esc(i.reason), f"<code>{esc(i.commitment)}</code>")
             for i in view.report.items]
    return out + table("Withheld items", [Col("Item"), Col("Scope"), Col("Reason"), Col("Commitment")], items)


def register(view: View, kind: str) -> str:
    """A register Council has no dedicated page for: each record's fields and text."""
    h = Html(view, depth=1)
    out = ""
    for s in view.of(kind):
        out += f'<h2 id="{esc(fmt.anchor(s.id))}">{esc(s.id)}' + (f": {esc(s.title)}" if s.title != s.id else "")
        out += "</h2>\n"
        out += f"<p>{withheld(s.withheld)}</p>\n" if s.withheld else h.fields_table(s, f"{s.id}") + h.body(s, 3)
    return out or "<p>None.</p>\n"


# --- record pages --------------------------------------------------------------------


def meeting(view: View, m: Shown) -> str:
    h = Html(view, depth=1)
    taken = view.decisions_at(m.id)
    out = h.fields_table(m, f"Meeting {m.id}") + h.attendance(m) + h.agenda(m)
    if taken:
        out += "<h2>Decisions taken</h2>\n<ul>\n" + "".join(
            f"<li>{h.record_link(d.id)}: {h.value('title', d.get('title'))}</li>\n" for d in taken) + "</ul>\n"
    return out + h.body(m)


def decision(view: View, d: Shown) -> str:
    h = Html(view, depth=1)
    return h.fields_table(d, f"Decision {d.id}") + h.votes(d) + h.actions(d) + h.body(d)


def ip_asset(view: View, x: Shown) -> str:
    h = Html(view, depth=1)
    return h.fields_table(x, f"IP asset {x.id}") + h.owners(x) + h.licenses(x) + h.body(x)

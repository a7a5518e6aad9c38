"""Disputes and the living registers from the shell: `council dispute raise|advance|resolve`,
`council risk add`, `council incident add`, `council duty add`, `council action done`.

The same use cases as the TUI's disputes and registers screens, as the
configured operator, with ``--json`` and ``--dry-run``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, handled, open_store
from council.commands.writes import DryRunOpt, ReadersOpt, perform, readers_option, report, split
from council.errors import worded
from council.parse import parse_date, parse_moment, split_ids

if TYPE_CHECKING:
    from store.api import Store

dispute_app = CouncilTyper(help="Disputes: raise one, move it up the charter's ladder, resolve it.",
                           no_args_is_help=True)
risk_app = CouncilTyper(help="The risk register.", no_args_is_help=True)
incident_app = CouncilTyper(help="The incident register, with its notification clocks.", no_args_is_help=True)
duty_app = CouncilTyper(help="Compliance duties: the responsibility matrix.", no_args_is_help=True)
action_app = CouncilTyper(help="Action items of decisions.", no_args_is_help=True)
for _group, _name in ((dispute_app, "dispute"), (risk_app, "risk"), (incident_app, "incident"),
                      (duty_app, "duty"), (action_app, "action")):
    app.add_typer(_group, name=_name)

OnOpt = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today).")
SensitivityOpt = typer.Option("confidential", "--sensitivity", help="public, internal, confidential, privileged.")


def _day(value: str | None, record: str, field: str) -> dt.date:
    return parse_date(value, record, field) if value else dt.date.today()


@dispute_app.command("raise")
@handled
def raise_(title: str = typer.Option(..., "--title", help="What the dispute is about."),
           by: str = typer.Option(..., "--by", help="The party raising it."),
           against: str = typer.Option(..., "--against", help="The parties it is raised against, comma-separated."),
           on: str | None = OnOpt, substance: str = typer.Option("", "--substance", help="The dispute in full."),
           sensitivity: str = SensitivityOpt, readers: str = ReadersOpt,
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Raise a dispute: it enters the first stage of the charter's ladder."""
    from store import usecases

    day = _day(on, "dispute", "raised_on")
    opened = open_store(store, quiet=as_json)
    with readers_option(",".join([by, *split_ids(against)])):
        result = perform(opened, dry_run, lambda: usecases.raise_dispute(
            opened, title, by, split_ids(against), day, sensitivity, substance, readers=split_ids(readers)))
    committed, dispute = split(result)
    report(f"Raised {getattr(dispute, 'id', 'the dispute')}", committed, as_json, dispute)


def _parties_of(opened: "Store", dispute_id: str) -> str:
    """A dispute's parties, comma-separated: the example a refusal for want of readers names."""
    dispute = opened.get(dispute_id)
    return ",".join([getattr(dispute, "raised_by", ""), *getattr(dispute, "against", [])]).strip(",")


@dispute_app.command("advance")
@handled
def advance(dispute_id: str = typer.Argument(..., help="The dispute, e.g. DSP-003."),
            on: str | None = OnOpt, note: str = typer.Option("", "--note", help="Why it moves on."),
            readers: str = ReadersOpt,
            store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Move a dispute to the next stage of the ladder (--readers: who may read it from now on)."""
    from store import usecases

    day = _day(on, dispute_id, "stages.entered")
    opened = open_store(store, quiet=as_json)
    with readers_option(_parties_of(opened, dispute_id)):
        result = perform(opened, dry_run, lambda: usecases.move_dispute(opened, dispute_id, day, note,
                                                                         split_ids(readers)))
    report(f"Moved {dispute_id} on", result, as_json, dispute_id)


@dispute_app.command("resolve")
@handled
def resolve(dispute_id: str = typer.Argument(..., help="The dispute, e.g. DSP-003."),
            resolution: str = typer.Option(..., "--resolution", help="How it was resolved."),
            on: str | None = OnOpt, readers: str = ReadersOpt,
            store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record a dispute's resolution (--readers: who may read it from now on)."""
    from store import usecases

    day = _day(on, dispute_id, "resolved_on")
    opened = open_store(store, quiet=as_json)
    with readers_option(_parties_of(opened, dispute_id)):
        result = perform(opened, dry_run, lambda: usecases.resolve_dispute(opened, dispute_id, day, resolution,
                                                                            split_ids(readers)))
    report(f"Resolved {dispute_id}", result, as_json, dispute_id)


@risk_app.command("add")
@handled
def risk_add(title: str = typer.Option(..., "--title", help="The risk."),
             owner: str = typer.Option(..., "--owner", help="The member who owns it."),
             likelihood: int = typer.Option(..., "--likelihood", help="1 (rare) to 5 (almost certain)."),
             impact: int = typer.Option(..., "--impact", help="1 (minor) to 5 (severe)."),
             party: str = typer.Option(..., "--party", help="The party that bears it."),
             review: str | None = typer.Option(None, "--review", help="Next review date, YYYY-MM-DD."),
             identified: str | None = typer.Option(None, "--identified", help="When it was identified, "
                                                                             "YYYY-MM-DD (default: today)."),
             mitigation: str = typer.Option("", "--mitigation", help="How it is mitigated."),
             liability_cap: str = typer.Option("", "--liability-cap", help="The cap on the bearing party's "
                                                                          "liability, as the contract words it."),
             insurance: str = typer.Option("", "--insurance", help="The insurance that covers it."),
             risk_id: str = typer.Option("", "--id", help="Its ID (default: the next free RSK-NNN)."),
             sensitivity: str = typer.Option("internal", "--sensitivity", help="public, internal, confidential..."),
             readers: str = ReadersOpt,
             store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Enter a new risk in the register."""
    from store import usecases

    review_date = parse_date(review, risk_id or "risk", "review_date") if review else None
    identified_on = _day(identified, risk_id or "risk", "identified_on")
    opened = open_store(store, quiet=as_json)
    with readers_option(party):
        result = perform(opened, dry_run, lambda: usecases.new_risk(
            opened, risk_id, title, owner, likelihood, impact, party, review_date, identified_on,
            mitigation=mitigation, liability_cap=liability_cap, insurance=insurance, sensitivity=sensitivity,
            readers=split_ids(readers)))
    report("Entered the risk", result, as_json, risk_id or None)


@incident_app.command("add")
@handled
def incident_add(title: str = typer.Option(..., "--title", help="What happened."),
                 kind: str = typer.Option(..., "--kind", help="security, breach or policy_violation."),
                 party: str = typer.Option(..., "--party", help="The party where it happened."),
                 detected: str = typer.Option(..., "--detected", help="When it was detected, YYYY-MM-DD HH:MM "
                                                                     "(UTC unless an offset is given)."),
                 reported_by: str = typer.Option("", "--reported-by", help="Who reported it."),
                 incident_id: str = typer.Option("", "--id", help="Its ID (default: the next free INC-YYYY-NNN)."),
                 sensitivity: str = SensitivityOpt, readers: str = ReadersOpt,
                 store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record a new incident; its notification clocks start when it was detected."""
    from store import usecases

    at = parse_moment(detected, incident_id or "incident", "detected_at")
    opened = open_store(store, quiet=as_json)
    with readers_option(party):
        result = perform(opened, dry_run, lambda: usecases.new_incident(
            opened, incident_id, title, kind, party, at, reported_by, sensitivity, readers=split_ids(readers)))
    report("Recorded the incident", result, as_json, incident_id or None)


@duty_app.command("add")
@handled
def duty_add(title: str = typer.Option(..., "--title", help="The duty."),
             cadence: int = typer.Option(..., "--cadence", help="How often, in months."),
             responsible: str = typer.Option(..., "--responsible", help="Who does it (members or parties), comma-separated."),
             accountable: str = typer.Option(..., "--accountable", help="Who answers for it."),
             since: str | None = typer.Option(None, "--since", help="Since when, YYYY-MM-DD (default: today)."),
             basis: str = typer.Option("", "--basis", help="Where the duty comes from (a law, a clause)."),
             duty_id: str = typer.Option("", "--id", help="Its ID (default: the next free DUTY-NNN)."),
             store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Add a compliance duty to the responsibility matrix."""
    from store import usecases

    day = _day(since, duty_id or "duty", "since")
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.new_duty(opened, duty_id, title, cadence, day,
                                                                 split_ids(responsible), accountable, basis=basis))
    report("Added the duty", result, as_json, duty_id or None)


@action_app.command("done")
@handled
def action_done(ref: str = typer.Argument(..., help="The action item: DEC-2026-020/1 (its place, from 1)."),
                on: str | None = typer.Option(None, "--on", help="The day it was done, YYYY-MM-DD (default: today)."),
                store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Mark one action item of a decision done (on the day it was done: --on)."""
    from store import usecases

    day = parse_date(on, ref, "--on") if on else None
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: worded({"done_on": "--on"}, lambda: usecases.action_done(opened, ref, day)))
    report(f"Marked {ref} done", result, as_json, ref.partition("/")[0])

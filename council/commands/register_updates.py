"""The rest of the registers from the shell: `risk|incident|duty update`, `incident notify`,
`duty done`, `decide`, and `dataset new|change` (data-sharing terms, as draft amendments).

The same use cases as the TUI's registers screen, as the configured operator,
with ``--json`` and ``--dry-run``; an option not given leaves its field as
recorded.
"""

from __future__ import annotations

from typing import Any

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store
from council.commands.meetings import AbstainOpt, AgainstOpt, ForOpt, RecusedOpt, VoteArgs, motion
from council.commands.registers import OnOpt, _day, duty_app, incident_app, risk_app
from council.commands.writes import (
                                     DryRunOpt,
                                     ReadersOpt,
                                     drafted,
                                     first_party,
                                     perform,
                                     readers_option,
                                     report,
                                     report_draft,
)
from council.errors import RecordError
from council.parse import parse_date, parse_moment, split_ids

dataset_app = CouncilTyper(help="The data-sharing register: its terms change only by amendment (drafts to vote on).",
                           no_args_is_help=True)
app.add_typer(dataset_app, name="dataset")


def _given(**options: Any) -> dict[str, Any]:
    """The fields an update names: the options given (None: not given)."""
    return {name: value for name, value in options.items() if value is not None}


def _update(record_id: str, changes: dict[str, Any], store: str | None, as_json: bool, dry_run: bool,
            readers: str = "") -> None:
    from store import usecases

    if readers:
        changes = {**changes, "readers": split_ids(readers)}
    if not changes:
        raise RecordError(record_id, "fields", "at least one option naming a field to change (see --help)")
    opened = open_store(store, quiet=as_json)
    party = getattr(opened.get(record_id), "bearing_party", "") or getattr(opened.get(record_id), "party", "")
    with readers_option(party if party in _parties(opened) else first_party(opened)):
        result = perform(opened, dry_run, lambda: usecases.update_entry(opened, record_id, changes))
    report(f"Updated {record_id}", result, as_json, record_id)


def _parties(opened: Any) -> set[str]:
    partnership = opened.partnership()
    return {p.id for p in partnership.parties} if partnership else set()


@risk_app.command("update")
@handled
def risk_update(risk_id: str = typer.Argument(..., help="The risk, e.g. RSK-004."),
                title: str | None = typer.Option(None, "--title"), owner: str | None = typer.Option(None, "--owner"),
                likelihood: int | None = typer.Option(None, "--likelihood", help="1 (rare) to 5 (almost certain)."),
                impact: int | None = typer.Option(None, "--impact", help="1 (minor) to 5 (severe)."),
                party: str | None = typer.Option(None, "--party", help="The party that bears it (or shared)."),
                review: str | None = typer.Option(None, "--review", help="Next review date, YYYY-MM-DD."),
                mitigation: str | None = typer.Option(None, "--mitigation"),
                status: str | None = typer.Option(None, "--status", help="open, mitigating, accepted or closed."),
                readers: str = ReadersOpt,
                store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Change a risk's entry: its scores, owner, review date, mitigation or status."""
    review_date = parse_date(review, risk_id, "review_date") if review else None
    _update(risk_id, _given(title=title, owner=owner, likelihood=likelihood, impact=impact, bearing_party=party,
                            review_date=review_date, mitigation=mitigation, status=status), store, as_json, dry_run,
            readers)


@incident_app.command("update")
@handled
def incident_update(incident_id: str = typer.Argument(..., help="The incident, e.g. INC-2026-003."),
                    title: str | None = typer.Option(None, "--title"),
                    kind: str | None = typer.Option(None, "--kind", help="security, breach or policy_violation."),
                    status: str | None = typer.Option(None, "--status", help="open, contained, closed..."),
                    closed: str | None = typer.Option(None, "--closed", help="The day it was closed, YYYY-MM-DD."),
                    decision: str | None = typer.Option(None, "--decision", help="The decision that followed."),
                    dispute: str | None = typer.Option(None, "--dispute", help="The dispute that followed."),
                    readers: str = ReadersOpt,
                    store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Change an incident's entry: its status, when it closed, what followed."""
    closed_on = parse_date(closed, incident_id, "closed_on") if closed else None
    _update(incident_id, _given(title=title, kind=kind, status=status, closed_on=closed_on, decision=decision,
                                dispute=dispute), store, as_json, dry_run, readers)


@incident_app.command("notify")
@handled
def incident_notify(incident_id: str = typer.Argument(..., help="The incident, e.g. INC-2026-003."),
                    who: str = typer.Option(..., "--who", help="The party told, or 'regulator'."),
                    at: str = typer.Option(..., "--at", help="When, YYYY-MM-DD HH:MM (UTC unless an offset is given)."),
                    by: str = typer.Option("", "--by", help="The member who told them."),
                    reference: str = typer.Option("", "--reference", help="The notice's reference."),
                    store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record that a party (or the regulator) was notified of an incident: its clock stops."""
    from store import usecases

    moment = parse_moment(at, incident_id, "notifications.at")
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.record_notification(opened, incident_id, who, moment, by,
                                                                            reference))
    report(f"Recorded the notification of {incident_id}", result, as_json, incident_id)


@duty_app.command("update")
@handled
def duty_update(duty_id: str = typer.Argument(..., help="The duty, e.g. DUTY-002."),
                title: str | None = typer.Option(None, "--title"),
                cadence: int | None = typer.Option(None, "--cadence", help="How often, in months."),
                responsible: str | None = typer.Option(None, "--responsible", help="Who does it, comma-separated."),
                accountable: str | None = typer.Option(None, "--accountable", help="Who answers for it."),
                basis: str | None = typer.Option(None, "--basis", help="Where the duty comes from."),
                store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Change a duty in the responsibility matrix: its cadence, who does it, who answers for it."""
    _update(duty_id, _given(title=title, cadence_months=cadence,
                            responsible=split_ids(responsible) if responsible is not None else None,
                            accountable=accountable, basis=basis), store, as_json, dry_run)


@duty_app.command("done")
@handled
def duty_done(duty_id: str = typer.Argument(..., help="The duty, e.g. DUTY-002."), on: str | None = OnOpt,
              evidence: str = typer.Option("", "--evidence", help="Where the evidence of it is."),
              store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record that a duty was carried out; its next review follows from its cadence."""
    from store import usecases

    day = _day(on, duty_id, "last_done")
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.duty_done(opened, duty_id, day, evidence))
    report(f"Marked {duty_id} done", result, as_json, duty_id)


@app.command()
@handled
def decide(meeting_id: str = typer.Argument(..., help="The meeting at which the council decided."),
           title: str = typer.Option(..., "--title", help="A short title for the decision."),
           text: str = typer.Option(..., "--motion", help="What was decided, as moved: 'That ...'."),
           tier: str = typer.Option(..., "--tier", help="Its approval tier, as the charter names them."),
           moved_by: str = typer.Option("", "--moved-by"), seconded_by: str = typer.Option("", "--seconded-by"),
           rationale: str = typer.Option("", "--rationale", help="Why: the decision's body."),
           sensitivity: str = typer.Option("public", "--sensitivity"),
           pairs: list[str] | None = VoteArgs, for_: str = ForOpt, against: str = AgainstOpt,
           abstain: str = AbstainOpt, recused: str = RecusedOpt, readers: str = ReadersOpt,
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record a decision the council took, with its votes, in one commit.

    Under the charter a decision is taken on a motion put to a meeting, its
    outcome computed from the votes and the quorum, or between meetings by
    written resolution (`council resolution circulate`); there is no other.
    This is `council motion` with the votes required: nothing is left
    pending.  (A motion whose votes come later: `council motion`, then
    `council vote`; a change to the terms: `council amend vote`.)
    """
    if not (pairs or for_ or against or abstain or recused):
        raise RecordError(meeting_id, "votes", "the votes cast (--for, --against, --abstain, or MEMBER=CHOICE); "
                          "a motion still to be voted on is `council motion`")
    motion(meeting_id=meeting_id, title=title, text=text, tier=tier, moved_by=moved_by, seconded_by=seconded_by,
           rationale=rationale, sensitivity=sensitivity, item=None, casting="", casting_by="", pairs=pairs,
           for_=for_, against=against, abstain=abstain, recused=recused, readers=readers, store=store,
           as_json=as_json, dry_run=dry_run)


def _dataset_changes(title: str | None, provider: str | None, description: str | None, basis: str | None,
                     jurisdiction: str | None, anonymisation: str | None, purpose: list[str] | None,
                     retention: int | None, training: bool | None, status: str | None,
                     rights: str | None) -> dict[str, Any]:
    return _given(title=title, provider=provider, description=description, lawful_basis=basis, rights_contact=rights,
                  jurisdiction=jurisdiction, anonymisation=anonymisation,
                  permitted_purposes=list(purpose) if purpose else None, retention_months=retention,
                  model_training_allowed=training, status=status)


TitleOpt = typer.Option(None, "--title")
ProviderOpt = typer.Option(None, "--provider", help="The party that shares it.")
DescriptionOpt = typer.Option(None, "--description")
BasisOpt = typer.Option(None, "--lawful-basis")
JurisdictionOpt = typer.Option(None, "--jurisdiction")
AnonOpt = typer.Option(None, "--anonymisation", help="The anonymisation or pseudonymisation standard.")
PurposeOpt = typer.Option(None, "--purpose", help="A permitted purpose; repeat for each (replaces the list).")
RetentionOpt = typer.Option(None, "--retention-months", help="Months it may be kept (0: no fixed period).")
TrainingOpt = typer.Option(None, "--training/--no-training", help="Whether models may be trained on it.")
StatusOpt = typer.Option(None, "--status", help="active, suspended or ended.")
RightsOpt = typer.Option(None, "--rights-contact", help="Where data subjects exercise their rights.")
SummaryOpt = typer.Option("", "--summary", help="One line: what the amendment does.")


@dataset_app.command("new")
@handled
def dataset_new(title: str | None = TitleOpt, provider: str | None = ProviderOpt,
                description: str | None = DescriptionOpt, basis: str | None = BasisOpt,
                jurisdiction: str | None = JurisdictionOpt, anonymisation: str | None = AnonOpt,
                purpose: list[str] | None = PurposeOpt, retention: int | None = RetentionOpt,
                training: bool | None = TrainingOpt, status: str | None = StatusOpt,
                rights: str | None = RightsOpt, summary: str = SummaryOpt, readers: str = ReadersOpt,
                store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Draft new data-sharing terms, under the next free DS-NNN, as an amendment to vote on."""
    changes = _dataset_changes(title, provider, description, basis, jurisdiction, anonymisation, purpose,
                               retention, training, status, rights)
    _draft(None, {**changes, **_given(readers=split_ids(readers) or None)}, summary, store, as_json, dry_run)


@dataset_app.command("change")
@handled
def dataset_change(dataset_id: str = typer.Argument(..., help="The terms in force, e.g. DS-003."),
                   title: str | None = TitleOpt, provider: str | None = ProviderOpt,
                   description: str | None = DescriptionOpt, basis: str | None = BasisOpt,
                   jurisdiction: str | None = JurisdictionOpt, anonymisation: str | None = AnonOpt,
                   purpose: list[str] | None = PurposeOpt, retention: int | None = RetentionOpt,
                   training: bool | None = TrainingOpt, status: str | None = StatusOpt,
                rights: str | None = RightsOpt, summary: str = SummaryOpt, readers: str = ReadersOpt,
                   store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Draft a change to a dataset's terms in force, as an amendment to vote on."""
    changes = _dataset_changes(title, provider, description, basis, jurisdiction, anonymisation, purpose,
                               retention, training, status, rights)
    changes |= _given(readers=split_ids(readers) or None)
    if not changes:
        raise RecordError(dataset_id, "fields", "at least one option naming a term to change (see --help)")
    _draft(dataset_id, changes, summary, store, as_json, dry_run)


def _draft(dataset_id: str | None, changes: dict[str, Any], summary: str, store: str | None, as_json: bool,
           dry_run: bool) -> None:
    from council.records import Dataset
    from store import usecases
    from store.api import to_json

    found = drafted(store, as_json, lambda opened, workspace: usecases.draft_dataset_terms(
        opened, workspace, dataset_id, changes, summary, dry_run))
    if isinstance(found, Dataset):  # a dry run: the terms as checked
        data = {"did": f"Checked the terms of {found.id}", "dry_run": True, "record": to_json(found)}
        echo_json(data) if as_json else typer.echo(f"Dry run: the terms of {found.id} are valid. Nothing was saved.")
        return
    report_draft(found, as_json)

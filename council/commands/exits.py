"""`council exit trigger` and `withdraw`: record that an exit trigger happened, or that the
exit is withdrawn, as an amendment to vote on.

The partnership record then names the exit plan, the trigger and the day
(see :mod:`council.exit_state`); once the vote passes, the release gate
refuses every grant from that day and says what the exit plan provides
instead.  `council exit simulate` (in :mod:`council.commands.records`) is
the dry run of the obligations that follow.
"""

from __future__ import annotations

from typing import Any

import typer

from council.commands.app import JsonOpt, StoreOpt, echo_json, handled
from council.commands.records import exit_app
from council.commands.writes import DryRunOpt, ReadersOpt, drafted, first_party, readers_option, report_draft
from council.parse import parse_date, split_ids


@exit_app.command("trigger")
@handled
def exit_trigger(
    trigger: str = typer.Argument(..., help="The exit trigger that happened, as the exit plan names it, "
                                            "e.g. termination_for_convenience."),
    on: str = typer.Option(..., "--on", help="The day it happened, YYYY-MM-DD: no release is granted from it."),
    plan: str = typer.Option("", "--plan", help="The exit plan it is under (needed only if two name the trigger)."),
    sensitivity: str = typer.Option("", "--sensitivity", help="Who may see that the partnership is in exit "
                                                              "(default: as the exit plan)."),
    summary: str = typer.Option("", "--summary", help="The amendment's one-line summary."),
    readers: str = ReadersOpt,
    store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt,
) -> None:
    """Draft the amendment that puts the partnership in exit from a day, to vote on (`council amend vote`)."""
    from store import usecases
    from store.api import to_json

    day = parse_date(on, "exit trigger", "on")

    def draft(opened: Any, workspace: Any) -> Any:
        with readers_option(first_party(opened)):
            return usecases.draft_exit(opened, workspace, trigger, day, plan, sensitivity, summary, dry_run,
                                       split_ids(readers))

    found = drafted(store, as_json, draft)
    from council.records import Partnership

    if isinstance(found, Partnership):  # a dry run: the partnership record as checked
        if as_json:
            echo_json({"did": "Checked the exit", "dry_run": True, "record": to_json(found)})
        else:
            typer.echo(f"Dry run: the exit from {day.isoformat()} ({trigger}) is valid. Nothing was saved.")
        return
    report_draft(found, as_json, ": the charter's decision rights set the tier for the partnership")


@exit_app.command("withdraw")
@handled
def exit_withdraw(
    summary: str = typer.Option("", "--summary", help="The amendment's one-line summary."),
    store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt,
) -> None:
    """Draft the amendment that ends the exit (notice withdrawn by agreement), to vote on."""
    from store import usecases
    from store.api import to_json

    found = drafted(store, as_json, lambda opened, workspace: usecases.withdraw_exit(
        opened, workspace, summary, dry_run))
    from council.records import Partnership

    if isinstance(found, Partnership):
        if as_json:
            echo_json({"did": "Checked the withdrawal", "dry_run": True, "record": to_json(found)})
        else:
            typer.echo("Dry run: withdrawing the exit is valid. Nothing was saved.")
        return
    report_draft(found, as_json, ": the charter's decision rights set the tier for the partnership")

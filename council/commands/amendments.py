"""Amendments from the shell: `council amend propose|list|show|vote|withdraw`.

A proposed amendment is a draft in the workspace (`.council/workspace.sqlite`,
not in git) until it is put to a vote; a vote that passes commits the decision
and the new text together, in one ``amend:`` commit (signed when the charter
says so).  The same use cases as the TUI's charter and meetings screens.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store, say
from council.commands.meetings import AbstainOpt, AgainstOpt, ForOpt, RecusedOpt, VoteArgs, votes_from
from council.commands.writes import DryRunOpt, perform, report
from council.errors import RecordError

if TYPE_CHECKING:
    from store.api import Store
    from store.workspace import Draft

amend_app = CouncilTyper(help="Amendments: propose a change to the terms, review it, put it to a vote.",
                         no_args_is_help=True)
app.add_typer(amend_app, name="amend")


def _read_text(path: Path, target: str) -> str:
    """The proposed record file: from PATH, or standard input for '-'."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(target, "text", "a readable record file (Markdown with its +++ front matter)",
                          f"{path}: {getattr(exc, 'strerror', None) or exc}") from None


def _draft_id(text: str) -> int:
    if not text.isdigit():
        raise RecordError(f"draft {text}", "id", "a draft number, as `council amend list` shows", text)
    return int(text)


@amend_app.command("propose")
@handled
def propose(target: str = typer.Argument(..., help="The term record it changes: a clause (4.2), IP-042, EXIT-01, DS-003."),
            file: Path = typer.Option(..., "--file", "-f", help="The whole proposed record file ('-': standard input); "
                                                              "start from `council amend show --in-force TARGET`."),
            summary: str = typer.Option("", "--summary", help="One line: what it does (the commit's subject)."),
            store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Keep a proposed amendment as a draft, checked as the store would check it."""
    from store import usecases
    from store.api import to_json
    from store.workspace import Workspace

    text = _read_text(file, target)
    opened = open_store(store, quiet=as_json)
    proposer = opened.operator()  # a proposal is someone's: refused with no operator, as a write is
    if dry_run:
        record = usecases.check_draft(opened, target, text)
        typer.echo(json_or_line(as_json, {"did": f"Checked the amendment of {target}", "dry_run": True,
                                          "record": to_json(record)},
                                f"Dry run: the amendment of {target} is valid. Nothing was saved."))
        return
    workspace = Workspace.of_store(opened.root)
    try:
        draft = usecases.save_amendment(opened, workspace, target, text, summary)
    finally:
        workspace.close()
    if as_json:
        echo_json({"did": f"Proposed draft {draft.id}", "dry_run": False, "draft": draft.id, "target": target,
                   "summary": draft.summary, "proposed_by": draft.proposed_by})
        return
    typer.echo(f"Proposed draft {draft.id}: {draft.summary}, by {proposer} (in the workspace, not in git)")
    typer.echo(f"Review it with `council amend show {draft.id}`; put it to a vote with `council amend vote {draft.id}`")


def json_or_line(as_json: bool, data: dict, line: str) -> str:
    """What to print: the JSON (for --json) or the one line."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, default=str) if as_json else line


@amend_app.command("list")
@handled
def list_(store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """The proposed amendments waiting for a vote, and any the text in force has overtaken."""
    from store.workspace import AMENDMENT, Workspace

    opened = open_store(store, quiet=as_json)
    workspace = Workspace.of_store(opened.root)
    try:
        drafts = workspace.drafts(AMENDMENT)
    finally:
        workspace.close()
    standing = {d.id: _standing(opened, d) for d in drafts}
    if as_json:
        echo_json([{"draft": d.id, "target": d.target, "summary": d.summary, "updated": d.updated.isoformat(),
                    "proposed_by": d.proposed_by, "standing": standing[d.id] or "waiting for a vote"}
                   for d in drafts])
        return
    for d in drafts:
        by = f", by {d.proposed_by}" if d.proposed_by else ""
        note = f"  [{standing[d.id]}: `council amend withdraw {d.id}`]" if standing[d.id] else ""
        typer.echo(f"{d.id:>4}  {d.target:<10} {d.summary}  ({d.updated:%Y-%m-%d %H:%M}{by}){note}")
    if not drafts:
        say("No proposed amendments.")


def _standing(opened: "Store", draft: "Draft") -> str:
    """Why a draft no longer waits for a vote ('' while it does): its text is in force already
    (a partner closed its written resolution, say), or the text it was drafted on was replaced."""
    from store import usecases

    now = usecases.in_force_text(opened, draft.target)
    if draft.text == now:
        return "already in force"
    if draft.base != now:
        return f"{draft.target} was amended since this was drafted"
    return ""


@amend_app.command("withdraw")
@handled
def withdraw(draft: str = typer.Argument(..., help="The draft number, as `council amend list` shows."),
             store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Drop a proposed amendment from the workspace (git never held it: nothing is committed)."""
    from store.workspace import AMENDMENT, Workspace

    opened = open_store(store, quiet=as_json)
    workspace = Workspace.of_store(opened.root)
    try:
        found = workspace.get(_draft_id(draft))
        if found is None or found.kind != AMENDMENT:
            raise RecordError(f"draft {draft}", "id", "a draft amendment in the workspace (`council amend list`)",
                              draft)
        workspace.delete(found.id)
    finally:
        workspace.close()
    if as_json:
        echo_json({"did": f"Withdrew draft {found.id}", "draft": found.id, "target": found.target})
        return
    typer.echo(f"Withdrew draft {found.id}: {found.summary} ({found.target}); nothing was committed")


@amend_app.command("show")
@handled
def show(draft: str = typer.Argument(..., help="A draft number, or with --in-force a record ID."),
         in_force: bool = typer.Option(False, "--in-force", help="Print the record file in force (to start a draft)."),
         store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """A proposed amendment as a diff against the text in force."""
    from store import usecases
    from store.workspace import AMENDMENT, Workspace

    opened = open_store(store, quiet=as_json)
    if in_force:
        opened.require(draft)
        typer.echo(usecases.in_force_text(opened, draft), nl=False)
        return
    workspace = Workspace.of_store(opened.root)
    try:
        found = workspace.get(_draft_id(draft))
    finally:
        workspace.close()
    if found is None or found.kind != AMENDMENT:
        raise RecordError(f"draft {draft}", "id", "a draft amendment in the workspace (`council amend list`)", draft)
    diff = usecases.text_diff(found.base, found.text)
    if as_json:
        echo_json({"draft": found.id, "target": found.target, "summary": found.summary,
                   "proposed_by": found.proposed_by, "diff": diff,
                   "text": found.text})
        return
    by = f", proposed by {found.proposed_by}" if found.proposed_by else ""
    typer.echo(f"Draft {found.id}: {found.summary} ({found.target}{by})\n")
    typer.echo(diff, nl=False)


@amend_app.command("vote")
@handled
def vote(draft: str = typer.Argument(..., help="The draft number (`council amend list`)."),
         meeting: str = typer.Option(..., "--meeting", help="The held meeting at which it is voted."),
         tier: str = typer.Option(..., "--tier", help="Its approval tier (the charter's decision rights may set one)."),
         title: str = typer.Option("", "--title", help="The decision's title (default: 'Amend TARGET: <summary>', as the TUI proposes)."),
         motion: str = typer.Option("", "--motion", help="The motion as moved (default: 'That the amendment to TARGET be "
                                                           "approved: <summary>.')."),
         moved_by: str = typer.Option("", "--moved-by", help="The member who moved it."),
         seconded_by: str = typer.Option("", "--seconded-by", help="The member who seconded it."),
         rationale: str = typer.Option("", "--rationale", help="Why: the decision's body."),
         pairs: list[str] | None = VoteArgs, for_: str = ForOpt, against: str = AgainstOpt,
         abstain: str = AbstainOpt, recused: str = RecusedOpt,
         store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Put a proposed amendment to a vote: if it passes, the decision and the new text are one amend: commit."""
    from store import usecases
    from store.api import DryRun
    from store.workspace import AMENDMENT, Workspace

    number = _draft_id(draft)
    votes = votes_from(f"draft {draft}", pairs, **{"for": for_, "against": against, "abstain": abstain,
                                                   "recused": recused})
    opened = open_store(store, quiet=as_json)
    workspace = Workspace.of_store(opened.root)
    try:
        found = workspace.get(number)
        if found is None or found.kind != AMENDMENT:
            raise RecordError(f"draft {draft}", "id", "a draft amendment in the workspace (`council amend list`)",
                              draft)
        # The wording the TUI's vote form proposes: the same vote makes the same commit either way.
        proposed_title, proposed_motion = usecases.amendment_wording(found)
        moved = usecases.Motion(title=title or proposed_title, motion=motion or proposed_motion, tier=tier, votes=votes,
                                moved_by=moved_by, seconded_by=seconded_by, rationale=rationale)
        result = perform(opened, dry_run,
                         lambda: usecases.put_amendment_to_vote(opened, workspace, number, meeting, moved))
    finally:
        workspace.close()
    if isinstance(result, DryRun):
        decision = next((r for r in result.records if r.KIND == "decision"), None)
        report(f"Voted on draft {draft}", result, as_json, decision)
        if decision is not None and not as_json:
            typer.echo(f"{decision.id}: {getattr(decision, 'outcome_note', '')}")
        return
    report(f"Voted on draft {draft}", result.committed, as_json, result.decision)
    if not as_json:
        typer.echo(f"{result.decision.id}: {result.decision.outcome_note}")
        typer.echo(f"{found.target} is amended: the new text is in force." if result.amended else
                   f"The amendment did not pass; draft {draft} is kept.")

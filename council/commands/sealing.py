"""`council reseal`: seal again each sealed value whose readers changed, that the operator can read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from council.commands.app import JsonOpt, StoreOpt, app, echo_json, handled, open_store
from council.commands.writes import DryRunOpt, perform

if TYPE_CHECKING:
    from store.api import Resealed


@app.command()
@handled
def reseal(store: str | None = StoreOpt, dry_run: bool = DryRunOpt, as_json: bool = JsonOpt) -> None:
    """Seal sealed records again to the serving members of their readers, where those changed
    (after a term ends or a key rotates); a value already sealed to its readers is left as it is."""
    from store.api import DryRun
    from store.api import reseal as reseal_all

    opened = open_store(store, quiet=as_json)
    if not opened.operator_id():
        from council.errors import StoreError

        raise StoreError("no operator is configured: run `council operator MEMBER-ID --key PATH` first")
    done = perform(opened, dry_run, lambda: reseal_all(opened))
    assert not isinstance(done, DryRun)  # reseal answers a dry run with what it would re-seal
    if as_json:
        echo_json({"dry_run": done.dry_run, "commit": done.commit.commit if done.commit else None,
                   "resealed": done.done, "left": done.left,
                   "terms": [{"id": t, "readers_changed": changed} for t, changed in sorted(done.terms.items())]})
        return
    _say(done)


def _say(done: "Resealed") -> None:
    if done.dry_run:
        typer.echo(f"Dry run: would re-seal {len(done.done)} record(s): {', '.join(done.done)}; nothing was written.")
    elif done.commit is not None:
        typer.echo(f"Re-sealed {len(done.done)} record(s) in commit {done.commit.commit[:10]}: {', '.join(done.done)}")
    elif done.left:
        typer.echo("Nothing re-sealed: your key opens none of the records whose readers changed; nothing was written.")
    else:
        typer.echo("Nothing to re-seal: every sealed value is sealed to its readers of today; nothing was written.")
    if done.left:
        typer.echo(f"Their readers changed, left for a reader of their parties: {', '.join(done.left)}")
    for term, changed in sorted(done.terms.items()):
        typer.echo(f"Not re-sealed, a term: {term} " + (
            "(its readers changed: re-seal it with its next amendment)" if changed
            else "(its readers are unchanged)"))
    if any(done.terms.values()):
        typer.echo("Terms change only by amendment: a re-seal outside one could change a term's text "
                   "without a vote, and verify cannot tell without a key (docs/sealing.md).")

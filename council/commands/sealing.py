"""`council reseal`: seal every sealed record the operator can read to its readers of today."""

from __future__ import annotations

import typer

from council.commands.app import JsonOpt, StoreOpt, app, echo_json, handled, open_store


@app.command()
@handled
def reseal(store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Seal sealed records again to the serving members of their readers (after a term ends or a key rotates)."""
    from store.api import reseal as reseal_all

    opened = open_store(store, quiet=as_json)
    if not opened.operator_id():
        from council.errors import StoreError

        raise StoreError("no operator is configured: run `council operator MEMBER-ID --key PATH` first")
    done = reseal_all(opened)
    if as_json:
        echo_json({"commit": done.commit.commit if done.commit else None, "resealed": done.done,
                   "left": done.left, "terms": [{"id": t, "readers_changed": changed}
                                                for t, changed in sorted(done.terms.items())]})
        return
    if done.commit is not None:
        typer.echo(f"Re-sealed {len(done.done)} record(s) in commit {done.commit.commit[:10]}: {', '.join(done.done)}")
    else:
        typer.echo("Nothing to re-seal that your key can open.")
    if done.left:
        typer.echo(f"Left for a reader of their parties: {', '.join(done.left)}")
    for term, changed in sorted(done.terms.items()):
        typer.echo(f"Not re-sealed, a term: {term} " + (
            "(its readers changed: re-seal it with its next amendment)" if changed
            else "(its readers are unchanged)"))
    if done.terms:
        typer.echo("Terms change only by amendment: a re-seal outside one could change a term's text "
                   "without a vote, and verify cannot tell without a key (docs/sealing.md).")

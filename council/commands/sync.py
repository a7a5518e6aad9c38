"""CLI commands for replicas: clone, remote, sync, conflicts, resolve and bundle.

They register on the one Typer app of :mod:`council.commands.app` and import the
store (its front door, :mod:`store.api`) inside each command, so ``council
--help`` stays fast.
A sync refused because incoming history fails verification exits 1 (as
`council verify` does), with one line per failure naming commit, record and
rule; a sync that holds conflicts also exits 1, after showing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store, say

remote_app = CouncilTyper(help="The remotes this replica syncs with: git remotes, validated.", no_args_is_help=True)
app.add_typer(remote_app, name="remote")
bundle_app = CouncilTyper(help="Air-gapped partners: exchange changes as git bundle files, verified on apply.",
                         no_args_is_help=True)
app.add_typer(bundle_app, name="bundle")


@app.command()
@handled
def clone(url: str = typer.Argument(..., help="The shared remote: a path, ssh://host/path.git or host:path.git."),
          directory: Path | None = typer.Argument(None, help="Where to put the replica (new or empty; default: "
                                                               "the remote's name)."),
          ) -> None:
    """Make a replica of a council store: cloned, indexed and verified before it is used."""
    from store.api import clone as run

    dest = directory or Path(url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git") or "council")
    report = run(url, dest)
    typer.echo(f"Cloned {url} into {dest}: verified ({report.summary()})")
    typer.echo(f"Next: `council operator MEMBER-ID --store {dest}` to say which member you are.")


@remote_app.command("add")
@handled
def remote_add(name: str = typer.Argument(..., help="A short name, e.g. hub."),
               url: str = typer.Argument(..., help="A path to a bare repository, ssh://host/path.git or host:path.git."),
               store: str | None = StoreOpt) -> None:
    """Add a remote to sync with."""
    from store.api import add_remote

    opened = open_store(store)
    add_remote(opened.root, name, url)
    typer.echo(f"Added remote {name}; `council sync {name}` fetches, verifies, integrates and pushes.")


@remote_app.command("list")
@handled
def remote_list(store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """List the remotes, with where this replica stood at the last sync."""
    from store.api import remotes
    from store.api import sync_status as status

    opened = open_store(store, quiet=as_json)
    rows = [(name, url, status(opened, name)) for name, url in remotes(opened.root)]
    if as_json:
        echo_json([{"name": n, "url": u, "state": s.state, "ahead": s.ahead, "behind": s.behind} for n, u, s in rows])
        return
    if not rows:
        typer.echo("No remotes. Add one with `council remote add NAME URL`.")
    for name, url, st in rows:
        typer.echo(f"{name}\t{url}\t{st.state} ({st.ahead} ahead, {st.behind} behind)")


@remote_app.command("remove")
@handled
def remote_remove(name: str = typer.Argument(..., help="The remote to forget."), store: str | None = StoreOpt) -> None:
    """Forget a remote (the shared repository itself is not touched)."""
    from store.api import remove_remote

    opened = open_store(store)
    remove_remote(opened.root, name)
    typer.echo(f"Removed remote {name}.")


@app.command("sync")
@handled
def sync_(remote: str | None = typer.Argument(None, help="The remote (default: the only one, or origin)."),
          push: bool = typer.Option(True, "--push/--no-push", help="Push after integrating (default: push)."),
          show_status: bool = typer.Option(False, "--status", help="Only say where this replica stands (no network)."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Fetch, verify the incoming commits, integrate them, and push.

    Incoming history that fails verification is refused (exit 1) and nothing
    moves.  Records changed on both sides are held as conflicts (exit 1):
    see `council conflicts`, settle each with `council resolve`.
    """
    from store import api

    opened = open_store(store, quiet=as_json)
    if show_status:
        st = api.sync_status(opened, remote)
        if as_json:
            echo_json({"remote": st.remote, "state": st.state, "ahead": st.ahead, "behind": st.behind,
                        "conflicts": st.conflicts, "head": st.head, "remote_head": st.remote_head})
        else:
            typer.echo(st.line())
        return
    result = api.sync(opened, remote, push=push)
    integration = result.integration
    if as_json:
        echo_json({"remote": result.remote, "fetched": result.fetched, "pushed": result.pushed, "notes": result.notes,
                    "integration": integration.summary() if integration else None,
                    "renumbered": integration.renumbered if integration else {},
                    "recomputed": integration.notes if integration else [],
                    "conflicts": [c.record for c in integration.conflicts] if integration else []})
    else:
        for note in result.notes + (integration.notes if integration else []):
            say(f"note: {note}")
        if result.fetched is None:
            typer.echo(f"{result.remote} holds no record yet")
        elif integration:
            typer.echo(f"{result.remote} at {result.fetched[:10]}: verified; {integration.summary()}")
        if result.pushed:
            typer.echo(f"Pushed {result.pushed[:10]} to {result.remote}")
    if integration and integration.conflicts:
        if not as_json:
            _show_conflicts(opened, None)
        raise typer.Exit(1)


@app.command()
@handled
def conflicts(record_id: str | None = typer.Argument(None, help="Only this record."),
              store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Records both replicas changed while apart: field by field, base -> ours | theirs."""
    from store.api import conflict_views as views

    opened = open_store(store, quiet=as_json)
    if as_json:
        echo_json([v.to_json() for v in views(opened, record_id)])
        return
    if not _show_conflicts(opened, record_id):
        typer.echo("No sync conflicts.")


def _show_conflicts(opened: Any, record_id: str | None) -> int:
    from store.api import body_lines, show_value
    from store.api import conflict_views as views

    shown = views(opened, record_id)
    for view in shown:
        e = view.entry
        typer.echo(f"CONFLICT {e.id} ({e.path}): {e.reason}")
        typer.echo(f"  in force now: {e.in_main}; settle with `council resolve {e.id} --ours|--theirs|--file F`"
                   + (" (a term: only by amendment)" if e.term else ""))
        width = max((len(f.field) for f in view.fields), default=0)
        for f in view.fields:
            typer.echo(f"  {f.field:<{width}}  {show_value(f.base)} -> ours {show_value(f.ours)} | "
                       f"theirs {show_value(f.theirs)}")
        for label, segments in (("ours", view.body_ours), ("theirs", view.body_theirs)):
            if any(s.op != "equal" for s in segments):
                typer.echo(f"  text, {label}:")
                for line in body_lines(segments):
                    typer.echo(f"    {line}")
    return len(shown)


@app.command()
@handled
def resolve(record_id: str = typer.Argument(..., help="The record in conflict."),
            ours: bool = typer.Option(False, "--ours", help="Keep this replica's version."),
            theirs: bool = typer.Option(False, "--theirs", help="Keep the partner's version."),
            file: Path | None = typer.Option(None, "--file", help="Keep the record as written in this file."),
            store: str | None = StoreOpt) -> None:
    """Settle one sync conflict with a record: commit (a term: only by a new amendment)."""
    from store.api import pending_conflicts as pending
    from store.api import resolve_conflict as run

    side = "ours" if ours else "theirs" if theirs else None
    if ours and theirs:
        side = "both"
    opened = open_store(store)
    done = run(opened, record_id, side, file)
    typer.echo(f"Resolved {record_id}: {done.message.splitlines()[0]} ({done.commit[:10]})")
    left = pending(opened)
    typer.echo(f"{len(left)} conflict(s) left" if left else "No conflicts left: `council sync` to publish.")


@bundle_app.command("create")
@handled
def bundle_create(file: Path = typer.Argument(..., help="The bundle file to write."),
                  since: str | None = typer.Option(None, "--since", help="Only commits after this one (a commit the "
                                                                            "partner already has)."),
                  store: str | None = StoreOpt) -> None:
    """Write this replica's main branch (or what follows --since) to a bundle file."""
    from store.api import create_bundle as create

    opened = open_store(store)
    made = create(opened, file, since)
    typer.echo(f"Wrote {made.commits} commit(s) up to {made.tip[:10]} to {made.path}")


@bundle_app.command("apply")
@handled
def bundle_apply(file: Path = typer.Argument(..., help="A bundle file from a partner."),
                 store: str | None = StoreOpt) -> None:
    """Verify a partner's bundle exactly as a fetch is verified, then integrate it."""
    from store.api import apply_bundle as apply

    opened = open_store(store)
    integration = apply(opened, file)
    typer.echo(f"{file.name}: verified; {integration.summary()}")
    for note in integration.notes:
        say(f"note: {note}")
    if integration.conflicts:
        _show_conflicts(opened, None)
        raise typer.Exit(1)

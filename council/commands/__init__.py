"""The `council` commands, registered on one Typer app (the entry point is
:mod:`council.cli`, which also starts the terminal app).

- :mod:`council.commands.app`: the one Typer app, the shared options, how each
  command starts (settings read once, errors as one line and exit code 2),
  which store it opens (the sample partnership is built here on first use);
- :mod:`council.commands.founding`: init (the founding commit and its signatories);
- :mod:`council.commands.records`: show, list, reindex, verify,
  operator, export, exit simulate;
- :mod:`council.commands.exits`: exit trigger (drafted as an amendment of the partnership);
- :mod:`council.commands.history`: history, diff, blame, terms, evidence, keys;
- :mod:`council.commands.sync`: clone, remote, sync, conflicts, resolve, bundle;
- :mod:`council.commands.members`: member appoint, end, key, show;
- :mod:`council.commands.meetings`: meeting schedule, attend, agenda, reschedule, cancel;
  motion; vote;
  minutes circulate, approve;
- :mod:`council.commands.amendments`: amend propose, list, show, vote;
- :mod:`council.commands.registers`: dispute raise, advance, resolve; risk, incident
  and duty add; action done;
- :mod:`council.commands.resolutions`: resolution circulate, vote, close, show, list,
  remind (written resolutions between meetings);
- :mod:`council.commands.writes`: what every writing command shares (the operator,
  ``--dry-run``, the report of what was done and the commit).

Commands reach the store only through its front door (:mod:`store.api`) and
the use cases (:mod:`store.usecases`), imported inside each command: Textual,
SQLModel and GitPython are heavy, and ``council --help`` must stay fast.
"""

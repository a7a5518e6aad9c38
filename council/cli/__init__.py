"""The `council` command line: the entry point, kept apart from the domain.

- :mod:`council.cli.app`: the one Typer app, the shared options, how each
  command starts (settings read once, errors as one line and exit code 2),
  which store it opens (the sample partnership is built here on first use);
- :mod:`council.cli.records`: init, tui, show, list, reindex, verify,
  operator, export, exit simulate;
- :mod:`council.cli.history`: history, diff, blame, terms, evidence, keys;
- :mod:`council.cli.sync`: clone, remote, sync, conflicts, resolve, bundle.

Commands reach the store only through its front door (:mod:`store.api`) and
the use cases (:mod:`store.usecases`), imported inside each command: Textual,
SQLModel and GitPython are heavy, and ``council --help`` must stay fast.
"""

from council.cli import history, records, sync  # noqa: E402,F401  (each registers its commands on app)
from council.cli.app import app, main, open_store

__all__ = ["app", "main", "open_store"]

"""Persistence: canonical record files in git, the SQLite index, and the one
write path every change takes (:meth:`store.service.Store.write`).

Screens and the CLI come in through the front door, :mod:`store.api`, the use
cases, :mod:`store.usecases`, and the drafts' :mod:`store.workspace`; the other
modules are the rooms behind them (see docs/architecture.md).  Importing this
package imports nothing else.
"""

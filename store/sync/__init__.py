"""Sync: replicas of the record, and bringing a partner's commits in.

:mod:`~store.sync.replicas` is `council sync` itself (clone, remotes, status,
fetch, verify, integrate, push); :mod:`~store.sync.plan` says what a replay
of our commits onto theirs will do (IDs renumbered, conflicts);
:mod:`~store.sync.replay` carries it out through ``Store.write`` and undoes
a replay that died; :mod:`~store.sync.conflicts` holds the conflicts until
they are resolved (through ``Store.write`` too); :mod:`~store.sync.bundles`
moves commits by file when there is no network.  Sync uses the write path and
audit's verify; neither uses sync.  Importing this package imports nothing.
"""

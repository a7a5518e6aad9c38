"""The write path: the one way a record commit is made (``Store.write``).

:mod:`~store.write.steps` runs the steps (lock, recover, validate,
serialise, commit objects, journal, the commit point, finish);
:mod:`~store.write.change` is what a caller hands it; the rest are the steps'
rooms: the writer :mod:`~store.write.lock`, the :mod:`~store.write.guards`
(checkout state, symlinks), :mod:`~store.write.allocate` (next free IDs under
the lock), :mod:`~store.write.handedits` (files edited by hand),
:mod:`~store.write.signing`, the :mod:`~store.write.journal` and crash
recovery, and the crash points (:mod:`~store.faults`).  It imports
neither sync nor audit: they use it.  Importing this package imports nothing.
"""

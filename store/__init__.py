"""Persistence: canonical record files, the git ledger, the SQLite index, and
the one service through which every change goes (:mod:`store.service`)."""

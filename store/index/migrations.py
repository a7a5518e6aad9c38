"""The index's named migrations: what an existing index file gains in place, once each.

Apart from :mod:`store.index.schema` (the SQLModel tables) so that a new index file can be
made with ``sqlite3`` alone (:mod:`store.index.fresh`) and still run every one of them.
"""

from __future__ import annotations

from store.index.queries import OPEN_ACTIONS

# name -> statements; append only, never edit one that has shipped.
MIGRATIONS: dict[str, tuple[str, ...]] = {
    # "Newest first, one page" of a kind never sorts the whole kind.
    "listing-index": ("CREATE INDEX IF NOT EXISTS ix_records_kind_day_id ON records (kind, day, id)",),
    # Every edit of a row is counted, so that verify can tell whether anything but the
    # index's own writes changed a row (store.index.plain.TALLY_KEYS says how).
    "edit-tally": (
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('row_edits', '0'), ('row_edits_by_council', '0'), "
        "('row_edits_file', lower(hex(randomblob(8))))",
        *(f"CREATE TRIGGER IF NOT EXISTS tally_{table}_{event} AFTER {event} ON {table} "
          "BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'row_edits'; END"
          for table in ("records", "records_fts_content") for event in ("insert", "update", "delete")),
    ),
    # The dashboard's open action items (store.index.queries.with_open_actions) read the few
    # decisions that have one, never every decision's text.
    "open-actions-index": ("CREATE INDEX IF NOT EXISTS ix_records_open_actions ON records (kind, day) "
                           f"WHERE {OPEN_ACTIONS}",),
    # `council list KIND` pages a kind in ID order: without it SQLite sorted the whole kind for
    # each page (90 ms of 180 at 100,000 decisions).
    "kind-id-index": ("CREATE INDEX IF NOT EXISTS ix_records_kind_id ON records (kind, id)",),
}

"""`council list` prints a page of decisions (and the other ROW_KINDS) from the index's rows (issue 18).

The line must be the one the parsed record gives: every record of those kinds
in the sample (sealed ones among them) is printed both ways and compared, and
a fresh process listing decisions must parse nothing (no file format, no kind).
"""

from __future__ import annotations

from council.present import ROW_KINDS, list_line, one_line
from council.records import REGISTER_KINDS
from store.service import Store
from tests.test_fast_paths import run_council


def test_a_row_gives_the_line_its_record_gives(sample_store: Store) -> None:
    assert not set(ROW_KINDS) & {*REGISTER_KINDS, "meeting", "clause", "member"}
    for kind in ROW_KINDS:
        records = sample_store.list(kind)
        assert records, f"the sample holds no {kind}: this test would prove nothing for it"
        rows = sample_store.page(kind, limit=len(records) + 1).rows
        assert [list_line(r.id, r.day, r.title, r.status) for r in rows] == [one_line(r) for r in records]


def test_the_cli_pages_from_rows_as_it_did_from_records(sample_store: Store) -> None:
    from typer.testing import CliRunner

    from council.cli import app

    root = str(sample_store.root)
    printed = CliRunner().invoke(app, ["list", "decisions", "--store", root])
    assert printed.exit_code == 0, printed.output
    lines = [line for line in printed.stdout.splitlines() if line.startswith("DEC-")]
    assert lines == [one_line(r) for r in sample_store.list("decision")][:100]


def test_listing_decisions_parses_no_file(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")  # a decision to list
    small_store.close()
    printed, loaded = run_council(small_store.root, "list", "decisions", entry="council.commands.entry")
    assert printed.startswith("DEC-")
    kinds = ("proceedings", "terms", "registers", "resolutions", "artifacts")
    parsing = [m for m in loaded if m in ("council.fileformat", "tomllib", "tomli", "council.sealing")
               or m in {f"council.records.{k}" for k in kinds}]
    assert parsing == [], f"council list decisions imported {parsing}"

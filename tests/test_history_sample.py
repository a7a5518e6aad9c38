"""History, diff, terms --as-of and verify, checked against the sample partnership's known history.

The expectations are read from :mod:`sample_partnership.history` (the events
the sample is built from), so they follow the story if it is retold.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.fileformat import canonical_text
from council.records import Clause, Record
from store import history as hist
from store.audit.verify import verify
from store.recorddiff import diff
from store.service import Store


def _amendments_of(record_id: str) -> list:
    """The sample's amend events that change ``record_id``, oldest first."""
    from sample_partnership.history import events

    return [c for c in events() if c.kind == "amend" and any(r.id == record_id for r in c.records)]


def _version(change, record_id: str) -> Record:
    return next(r for r in change.records if r.id == record_id)


@pytest.fixture(scope="module")
def amended_clause() -> str:
    """A clause the sample amends at least twice after the founding charter (4.2 if it still does)."""
    from sample_partnership.history import events

    counts: dict[str, int] = {}
    for change in events():
        for r in change.records:
            if change.kind == "amend" and change.decision and isinstance(r, Clause):
                counts[r.id] = counts.get(r.id, 0) + 1
    assert counts, "the sample amends no charter clause"
    return "4.2" if counts.get("4.2", 0) >= 2 else max(counts, key=counts.get)


def test_sample_history_of_a_clause_lists_its_amendments(sample_store: Store, amended_clause: str) -> None:
    known = _amendments_of(amended_clause)
    entries = hist.history(sample_store.root, amended_clause)
    assert [e.decision for e in entries] == [c.decision or "" for c in reversed(known)]
    assert [e.date for e in entries] == [c.when for c in reversed(known)]
    assert all(e.kind == "amend" and e.vote and e.approvers for e in entries if e.decision)
    out = CliRunner().invoke(app, ["history", amended_clause, "--store", str(sample_store.root)])
    assert out.exit_code == 0
    for change in known[1:]:
        assert f"Decision {change.decision} at " in out.stdout


def test_sample_terms_as_of_a_date_before_an_amendment_show_the_old_text(sample_store: Store,
                                                                          amended_clause: str) -> None:
    known = _amendments_of(amended_clause)
    for before, change in zip(known, known[1:]):
        day = change.when.date()
        old = hist.terms_as_of(sample_store.root, day - dt.timedelta(days=1))
        new = hist.terms_as_of(sample_store.root, day)
        in_force = {c.id: c for c in old.clauses}[amended_clause]
        assert in_force.body == canonical_text(_version(before, amended_clause).body)
        assert {c.id: c for c in new.clauses}[amended_clause].body == canonical_text(_version(change, amended_clause).body)
        assert new.last_amendment is not None and new.last_amendment.day <= day
    first_day = known[1].when.date() - dt.timedelta(days=1)
    out = CliRunner().invoke(app, ["terms", "--as-of", first_day.isoformat(), "--json", "--store", str(sample_store.root)])
    data = json.loads(out.stdout)
    clause = next(c for c in data["records"]["clause"] if c["id"] == amended_clause)
    assert clause["body"] == canonical_text(_version(known[0], amended_clause).body)


def test_sample_diff_of_an_amendment_reads_field_by_field(sample_store: Store, amended_clause: str) -> None:
    change = _amendments_of(amended_clause)[-1]
    entry = next(e for e in hist.history(sample_store.root, amended_clause) if e.decision == change.decision)
    d = diff(sample_store.root, entry.commit, record_id=amended_clause)
    assert d.commit is not None and d.commit.decision == change.decision
    (rec,) = d.records
    assert rec.status == "modified" and (rec.fields or rec.body_changed)
    out = CliRunner().invoke(app, ["diff", entry.commit, amended_clause, "--store", str(sample_store.root)])
    assert out.exit_code == 0 and f"clause {amended_clause}" in out.stdout
    assert "->" in out.stdout or "{+" in out.stdout


def test_sample_blame_names_the_last_amendment(sample_store: Store, amended_clause: str) -> None:
    last = _amendments_of(amended_clause)[-1]
    lines = hist.blame(sample_store.root, amended_clause)
    assert last.decision in {b.decision for b in lines}


def test_sample_verifies(sample_store: Store) -> None:
    report = verify(sample_store)
    assert report.ok, [str(f) for f in report.failures]
    from sample_partnership.history import events

    assert report.amendments == sum(1 for c in events() if c.kind == "amend") - 1  # the founding is not judged
    assert verify(sample_store).commits == 0  # incremental: nothing new

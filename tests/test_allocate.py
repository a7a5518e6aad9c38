"""New records under the next free ID: taking the ID and creating the record are
one step under the writer lock, so a record another writer has just committed
is never overwritten (the multi-process campaign is in
tests/reliability/test_concurrency.py; here one other writer is simulated by a
plain git commit the open store has not yet seen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from council.errors import RecordError
from council.fileformat import serialise
from council.records import Dispute, Risk, Stage
from store import usecases
from store.service import Store
from store.write.allocate import next_free_id
from tests.conftest import DAY
from tests.reliability.test_hand_edits import commit_by_hand, git

REVIEW = dt.date(2026, 9, 1)


def theirs(root: Path, record: Risk | Dispute, folder: str) -> None:
    """Another writer's new record, committed behind the open store's back."""
    commit_by_hand(root, f"{folder}/{record.id}.md", serialise(record), f"record: {record.id} by another writer")


def test_a_suggested_id_another_writer_took_is_refused_not_overwritten(small_store: Store) -> None:
    suggested = usecases.next_risk_id(small_store)  # what the form shows
    assert suggested == "RSK-001"
    theirs(small_store.root, Risk(id="RSK-001", title="Theirs", owner="ben", likelihood=1, impact=1,
                                  bearing_party="lab", review_date=REVIEW), "risks")
    head = small_store.head
    with pytest.raises(RecordError, match="RSK-001.*not yet used by another risk"):
        usecases.new_risk(small_store, suggested, "Ours", "ada", 2, 3, "hosp", REVIEW)
    assert small_store.head == head
    assert "title = \"Theirs\"" in git(small_store.root, "show", "HEAD:risks/RSK-001.md")


def test_a_blank_id_takes_the_next_free_one_at_the_moment_of_writing(small_store: Store) -> None:
    theirs(small_store.root, Risk(id="RSK-001", title="Theirs", owner="ben", likelihood=1, impact=1,
                                  bearing_party="lab", review_date=REVIEW), "risks")
    done = usecases.new_risk(small_store, "", "Ours", "ada", 2, 3, "hosp", REVIEW)
    assert done.message.startswith("record: record RSK-002: Ours")
    assert small_store.require("RSK-001").title == "Theirs" and small_store.require("RSK-002").title == "Ours"


def test_a_dispute_raised_after_another_writer_raised_one_gets_the_next_id(small_store: Store) -> None:
    theirs(small_store.root, Dispute(id="DSP-001", title="Theirs", raised_on=DAY, raised_by="lab",
                                     against=["hosp"], stages=[Stage("negotiation", DAY)]), "disputes")
    _, dispute = usecases.raise_dispute(small_store, "Ours", "hosp", ["lab"], DAY)
    assert dispute.id == "DSP-002"
    assert small_store.require("DSP-001").title == "Theirs"


def test_a_meeting_and_a_decision_take_ids_no_other_writer_holds(small_store: Store) -> None:
    commit_by_hand(small_store.root, "meetings/2026/MTG-2026-02.md",
                   serialise(small_store.require("MTG-2026-01").replace(id="MTG-2026-02", title="Theirs")),
                   "record: MTG-2026-02 by another writer")
    _, meeting = usecases.schedule_meeting(small_store, dt.date(2026, 6, 1), title="Ours")
    assert meeting.id == "MTG-2026-03" and small_store.require("MTG-2026-02").title == "Theirs"


def test_a_next_free_id_is_taken_only_under_the_writer_lock(small_store: Store) -> None:
    with pytest.raises(AssertionError, match="writer lock"):
        next_free_id(small_store, "risk", "RSK-", 3)
    with small_store.allocating():
        assert next_free_id(small_store, "risk", "RSK-", 3) == "RSK-001"

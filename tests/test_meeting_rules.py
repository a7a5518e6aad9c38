"""A meeting's agenda and its day: references name records the store holds, the agenda
goes out on or before the meeting's day, and a scheduled meeting moves only to a day
still to come.  Each rule is one function in council.proceedings, refused by the write
path and the CLI, and reported by ``council verify`` for a commit made by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council import proceedings
from council.cli import app
from council.errors import RecordError
from council.fileformat import serialise
from council.records import AgendaItem, Meeting
from store.audit.verify import verify
from store.service import Store
from store.sync import replicas as sync
from tests.conftest import DAY
from tests.test_sync_support import Trio, trio, trio_template  # noqa: F401 (fixtures)
from tests.test_sync_support import git as sync_git
from tests.test_sync_support import head as sync_head
from tests.test_verify import failures, git, head, reopen

runner = CliRunner()
LATER = DAY + dt.timedelta(days=30)
NEXT = Meeting(id="MTG-2026-02", title="Next", date=LATER, agenda_circulated=LATER - dt.timedelta(days=14))


def held_by(refs: set[str]):
    return lambda ref: ref in refs


# --- the rules, as pure functions ---------------------------------------------------------


def test_an_agenda_reference_names_a_record_the_store_holds() -> None:
    meeting = NEXT.replace(agenda=[AgendaItem("Opening"), AgendaItem("Disputes", "report", ["DSP-999"])])
    with pytest.raises(RecordError, match=r"MTG-2026-02: field 'agenda\[1\].refs': expected a record "
                                          r"this store holds \(there is no DSP-999\), got 'DSP-999'"):
        proceedings.check_agenda(meeting, held_by({"DSP-001"}))
    proceedings.check_agenda(meeting, held_by({"DSP-999"}))
    # A clause number is a record too; a term change may name a term its amendment creates.
    proceedings.check_agenda(NEXT.replace(agenda=[AgendaItem("Quorum", "report", ["4.2"])]), held_by({"4.2"}))
    proceedings.check_agenda(NEXT.replace(agenda=[AgendaItem("New clause", "term_change", ["4.9"])]), held_by(set()))
    with pytest.raises(RecordError, match="there is no 4.9"):
        proceedings.check_agenda(NEXT.replace(agenda=[AgendaItem("Quorum", "report", ["4.9"])]), held_by(set()))


def test_a_reference_is_judged_when_it_is_put_on_the_agenda() -> None:
    before = NEXT.replace(agenda=[AgendaItem("Risks", "report", ["RSK-001"])])
    later = before.replace(agenda=[*before.agenda, AgendaItem("Any other business")])
    proceedings.check_agenda(later, held_by(set()), before)  # RSK-001 was checked when it was added


def test_the_agenda_goes_out_on_or_before_the_meeting_day() -> None:
    proceedings.check_circulated(NEXT.replace(agenda_circulated=LATER))
    late = NEXT.replace(date=LATER - dt.timedelta(days=20))
    with pytest.raises(RecordError, match=r"MTG-2026-02: field 'date': expected a day on or after 2026-03-26, "
                                          r"the day its agenda was circulated.*--circulate DATE"):
        proceedings.check_circulated(late)


def test_a_scheduled_meeting_moves_only_to_a_day_still_to_come() -> None:
    today = LATER - dt.timedelta(days=10)
    proceedings.check_rescheduled(NEXT, NEXT.replace(date=today), today)
    proceedings.check_rescheduled(None, NEXT.replace(date=DAY), today)  # scheduling a past meeting to record it
    held = NEXT.replace(status="held")
    proceedings.check_rescheduled(NEXT, held, today)
    with pytest.raises(RecordError, match=r"field 'date': expected a day from today \(2026-03-30\) on.*"
                                          r"cancel it and schedule a meeting on the day it met.*got 2026-03-29"):
        proceedings.check_rescheduled(NEXT, NEXT.replace(date=today - dt.timedelta(days=1)), today)


# --- the CLI ------------------------------------------------------------------------------


def cli(store: Store, *args: str):
    result = runner.invoke(app, [*args, "--store", str(store.root)])
    assert "Traceback" not in result.output
    return result


def test_the_cli_refuses_an_agenda_item_naming_no_record(small_store: Store) -> None:
    before = head(small_store.root)
    refused = cli(small_store, "meeting", "agenda", "MTG-2026-01", "--add", "Disputes", "--ref", "DSP-999")
    assert refused.exit_code == 2, refused.output
    assert "MTG-2026-01" in refused.output and "field '--ref'" in refused.output
    assert "there is no DSP-999" in refused.output
    assert head(small_store.root) == before


def test_the_cli_refuses_a_meeting_moved_before_its_agenda_went_out(small_store: Store, monkeypatch) -> None:
    monkeypatch.setenv("COUNCIL_COMMIT_DATE", "2026-04-01T10:00:00+00:00")
    assert cli(small_store, "meeting", "schedule", "--date", "2026-04-28").exit_code == 0
    assert cli(small_store, "meeting", "agenda", "MTG-2026-02", "--circulate", "2026-04-14").exit_code == 0
    before = head(small_store.root)
    early = cli(small_store, "meeting", "reschedule", "MTG-2026-02", "--date", "2026-04-10")
    assert early.exit_code == 2, early.output
    assert ("MTG-2026-02" in early.output and "field 'date'" in early.output
            and "on or after 2026-04-14, the day its agenda was circulated" in early.output)
    assert "council meeting agenda MTG-2026-02 --circulate DATE" in early.output
    past = cli(small_store, "meeting", "reschedule", "MTG-2026-02", "--date", "2026-03-31")
    assert past.exit_code == 2 and "a day from today (2026-04-01) on" in past.output, past.output
    assert head(small_store.root) == before
    assert cli(small_store, "meeting", "reschedule", "MTG-2026-02", "--date", "2026-05-05").exit_code == 0


# --- verify, for commits made by hand ------------------------------------------------------


def commit_on(root: Path, path: str, text: str, day: dt.date) -> str:
    """A plain `git commit`, dated ``day``."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)
    git(root, "add", path)
    when = f"{day.isoformat()}T10:00:00+00:00"
    git(root, "commit", "-q", "-m", f"record: {path}", env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    return head(root)


PATH = "meetings/2026/MTG-2026-02.md"


def test_verify_reports_an_agenda_naming_no_record(small_store: Store) -> None:
    meeting = NEXT.replace(agenda=[AgendaItem("Disputes", "report", ["DSP-999"])])
    sha = commit_on(small_store.root, PATH, serialise(meeting), DAY)
    report = verify(reopen(small_store))
    assert (sha, "MTG-2026-02", "agenda-refs") in failures(report)
    assert any("there is no DSP-999" in f.message for f in report.failures)


def test_verify_reports_a_meeting_before_its_agenda_and_one_moved_into_the_past(small_store: Store) -> None:
    root = small_store.root
    early = commit_on(root, PATH, serialise(NEXT.replace(date=LATER - dt.timedelta(days=20))), DAY)
    fixed = commit_on(root, PATH, serialise(NEXT), DAY)
    moved = commit_on(root, PATH, serialise(NEXT.replace(date=DAY + dt.timedelta(days=1))), DAY + dt.timedelta(days=5))
    found = failures(verify(reopen(small_store)))
    assert (early, "MTG-2026-02", "meeting-date") in found and (moved, "MTG-2026-02", "meeting-date") in found
    assert not any(sha == fixed for sha, _, _ in found)


def test_sync_refuses_a_partner_commit_naming_no_record(trio: Trio) -> None:
    sync.sync(trio.b)
    meeting = NEXT.replace(agenda=[AgendaItem("Disputes", "report", ["DSP-999"])])
    bad = commit_on(trio.b.root, PATH, serialise(meeting), DAY)
    sync_git(trio.b.root, "push", "-q", "hub", "main")
    before = sync_head(trio.a.root)
    with pytest.raises(sync.SyncRefused, match=rf"commit {bad[:10]}: MTG-2026-02: \[agenda-refs\].*DSP-999"):
        sync.sync(trio.a)
    assert sync_head(trio.a.root) == before and trio.a.get("MTG-2026-02") is None

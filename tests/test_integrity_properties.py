"""Issue 14, as properties: random histories of valid proceedings verify, and a
random single mutation of a decided decision, of its meeting's attendance or of
its tier, committed with plain git, is caught by verify, naming the decision.

Each example builds real git commits, so the examples are few; they are marked
slow.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.errors import RuleError
from council.fileformat import serialise
from council.records import AgendaItem, AttendanceChange, Decision, Meeting, path_for
from store.audit.verify import verify
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, at, isolated, make_small_store

pytestmark = pytest.mark.slow

VOTERS = ["ada", "ben", "cy", "dee", "eli", "fay"]
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("integrity") / "store"
    with isolated(tmp_path_factory.mktemp("home")):
        make_small_store(path).close()
    return path


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


motions = st.lists(st.tuples(st.sampled_from(["low", "medium"]),
                             st.dictionaries(st.sampled_from(VOTERS), st.sampled_from(["for", "against", "abstain"]),
                                             min_size=1)),
                   min_size=1, max_size=3)


def record_history(store: Store, drawn: list) -> list[Decision]:
    out = []
    for n, (tier, votes) in enumerate(drawn, start=1):
        mover = next((m for m in VOTERS if votes.get(m) == "for"), VOTERS[0])
        d = Decision(id=f"DEC-2026-{n:03d}", title=f"Motion {n}", meeting="MTG-2026-01", date=DAY, tier=tier,
                     motion=f"That motion {n} be adopted.", moved_by=mover, votes=votes)
        store.write(Change(f"record DEC-2026-{n:03d}", [d], when=at(DAY, 11 + n)))
        stored = store.require(d.id)
        assert isinstance(stored, Decision)
        out.append(stored)
    return out


def mutate(decision: Decision, meeting: Meeting, how: str, who: str) -> Decision | Meeting:
    if how == "tier":
        return decision.replace(tier="low" if decision.tier != "low" else "medium")
    if how == "vote":
        flipped = "against" if decision.votes.get(who) == "for" else "for"
        return decision.replace(votes={**decision.votes, who: flipped})
    if how == "motion":
        return decision.replace(motion=decision.motion + " As amended.")
    if how == "mover":
        return decision.replace(moved_by=next(m for m in VOTERS if m != decision.moved_by))
    return meeting.replace(attendance={**meeting.attendance, who: "absent"})


@given(motions, st.data())
@PROPERTY
def test_valid_histories_verify_and_one_mutation_is_caught_naming_the_decision(template: Path, drawn, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "store"
        shutil.copytree(template, root)
        store = Store.open(root)
        try:
            decisions = record_history(store, drawn)
            report = verify(store, full=True)
            assert report.ok, [str(f) for f in report.failures]
            target = data.draw(st.sampled_from(decisions))
            how = data.draw(st.sampled_from(["tier", "vote", "motion", "mover", "attendance"]))
            who = data.draw(st.sampled_from(VOTERS))
            meeting = store.require("MTG-2026-01")
            assert isinstance(meeting, Meeting)
            changed = mutate(target, meeting, how, who)
            (root / path_for(changed)).write_text(serialise(changed))
            git(root, "commit", "-qam", f"record: quietly change {changed.id}")
            sha = git(root, "rev-parse", "HEAD").strip()
        finally:
            store.close()
        reopened = Store.open(root)
        try:
            found = verify(reopened, full=True).failures
        finally:
            reopened.close()
        named = [f for f in found if f.commit == sha and (f.record == target.id or target.id in f.message)]
        assert named, (how, [str(f) for f in found])


# --- with arrivals and departures (quorum at each vote) --------------------------------

AGENDA = [AgendaItem(title=f"Item {i}") for i in range(1, 7)]
departures = st.lists(st.tuples(st.sampled_from(VOTERS), st.integers(2, 6)), max_size=4, unique_by=lambda t: t[0])
taken = st.lists(st.tuples(st.integers(1, 6), st.sampled_from(VOTERS)), min_size=1, max_size=3)


def record_sitting(store: Store, leaving: list[tuple[str, int]], drawn: list[tuple[int, str]]) -> list[Decision]:
    """MTG-2026-02 with these departures, then a motion at each drawn item (those the rules allow)."""
    changes = [AttendanceChange(m, item, "left") for m, item in sorted(leaving, key=lambda t: t[1])]
    meeting = Meeting(id="MTG-2026-02", title="Sitting", date=DAY, status="held", agenda=list(AGENDA),
                      attendance={m: "present" for m in VOTERS}, attendance_changes=changes)
    store.write(Change("record MTG-2026-02 held", [meeting], when=at(DAY, 13)))
    out = []
    for n, (item, against) in enumerate(drawn, start=1):
        gone = {m for m, at_item in leaving if at_item <= item}
        votes = {m: ("against" if m == against else "for") for m in VOTERS if m not in gone}
        d = Decision(id=f"DEC-2026-{n:03d}", title=f"Motion {n}", meeting="MTG-2026-02", agenda_item=item,
                     date=DAY, tier="low", motion=f"That motion {n} be adopted.", votes=votes)
        try:
            store.write(Change(f"record DEC-2026-{n:03d}", [d], when=at(DAY, 14)))
        except RuleError as exc:  # the quorum was lost before this item: refused, nothing written
            assert "quorum at each vote" in str(exc)
            continue
        stored = store.require(d.id)
        assert isinstance(stored, Decision)
        out.append(stored)
    return out


@given(departures, taken, st.data())
@PROPERTY
def test_sittings_with_departures_verify_and_moving_a_departure_is_caught(template: Path, leaving, drawn,
                                                                         data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "store"
        shutil.copytree(template, root)
        store = Store.open(root)
        try:
            decisions = record_sitting(store, leaving, drawn)
            report = verify(store, full=True)
            assert report.ok, [str(f) for f in report.failures]
            if not decisions or not leaving:
                return
            meeting = store.require("MTG-2026-02")
            assert isinstance(meeting, Meeting)
            i = data.draw(st.integers(0, len(meeting.attendance_changes) - 1))
            moved = list(meeting.attendance_changes)
            moved[i] = AttendanceChange(moved[i].member, 2 if moved[i].before_item != 2 else 6, "left")
            changed = meeting.replace(attendance_changes=sorted(moved, key=lambda c: c.before_item))
            (root / path_for(changed)).write_text(serialise(changed))
            git(root, "commit", "-qam", "record: quietly move a departure")
            sha = git(root, "rev-parse", "HEAD").strip()
        finally:
            store.close()
        reopened = Store.open(root)
        try:
            found = verify(reopened, full=True).failures
        finally:
            reopened.close()
        assert any(f.commit == sha and f.rule == "attendance-immutable" and decisions[0].id in f.message
                   for f in found), [str(f) for f in found]

"""The headless services behind the TUI: operations, queries and the workspace.

They take a Store and no Textual, so these tests run them directly.
"""

from __future__ import annotations

import datetime as dt

import pytest

from council.errors import RecordError, RuleError
from council.records import Decision, Dispute, Meeting
from store import queries as q
from store import usecases as op
from store.git.commits import trailers
from store.service import Store
from store.workspace import AMENDMENT, Workspace
from tests.tui.conftest import TODAY, VOTERS
from tests.tui.helpers import git


@pytest.fixture
def workspace(tui_store: Store) -> Workspace:
    ws = Workspace.of_store(tui_store.root)
    yield ws
    ws.close()


def test_workspace_is_created_on_first_use_and_keeps_one_minutes_draft(tmp_path) -> None:
    ws = Workspace(tmp_path / ".council" / "workspace.sqlite")
    assert ws.drafts() == [] and ws.get(1) is None and ws.minutes("MTG-2026-01") is None
    assert not (tmp_path / ".council").exists()  # reading creates nothing (a read-only store)
    first = ws.save("minutes", "MTG-2026-01", "draft one")
    second = ws.save("minutes", "MTG-2026-01", "draft two")
    assert first.id == second.id and ws.minutes("MTG-2026-01").text == "draft two"
    ws.delete(first.id)
    assert ws.drafts() == []
    with pytest.raises(ValueError):
        ws.save("gossip", "x", "y")
    ws.close()


def test_workspace_tables_stay_out_of_the_index(tui_store: Store, workspace: Workspace) -> None:
    workspace.save(AMENDMENT, "4.2", "text")
    tables = git(tui_store.root, "status", "--porcelain")
    assert tables == ""  # .council/ is ignored: drafts never show up in git
    from sqlalchemy import inspect

    assert "drafts" not in inspect(tui_store.engine).get_table_names()


def test_scheduling_follows_the_cadence_and_numbers_the_meeting(tui_store: Store) -> None:
    assert op.default_meeting_date(tui_store, TODAY) == dt.date(2026, 5, 10)  # a month after MTG-2026-02
    assert op.default_meeting_date(tui_store, dt.date(2026, 7, 1)) == dt.date(2026, 7, 10)
    done, meeting = op.schedule_meeting(tui_store, dt.date(2026, 5, 10))
    assert meeting.id == "MTG-2026-03" and done.message.startswith("record: schedule MTG-2026-03")


def test_attendance_makes_the_meeting_held_and_the_store_computes_quorum(tui_store: Store) -> None:
    _, meeting = op.set_attendance(tui_store, "MTG-2026-02", {"ada": "present", "dee": "present"})
    assert meeting.status == "held" and meeting.quorate is False
    assert "2 of 6 voting members present, 4 required" in meeting.quorum_note


def test_a_decision_outcome_is_computed_by_the_store(tui_store: Store) -> None:
    motion = op.Motion("Extend the pilot", "That the pilot be extended.", "low",
                       {"ada": "for", "ben": "against", "cy": "abstain"})
    _, decision = op.record_decision(tui_store, "MTG-2026-01", motion)
    assert decision.id == "DEC-2026-005" and decision.outcome == "tied"  # 1 for, 1 against
    assert "tie" in decision.outcome_note


def test_a_passing_vote_commits_the_amendment_and_a_failing_one_keeps_the_draft(
        tui_store: Store, workspace: Workspace) -> None:
    text = op.in_force_text(tui_store, "4.4").replace("fourteen days", "ten days")
    draft = op.save_amendment(tui_store, workspace, "4.4", text, "circulate minutes within ten days")
    against = {m: "against" for m in VOTERS}
    failed = op.put_amendment_to_vote(tui_store, workspace, draft.id, "MTG-2026-01",
                                      op.Motion("Shorter minutes deadline", "", "high", against))
    assert not failed.amended and failed.decision.outcome == "failed"
    assert git(tui_store.root, "log", "-1", "--format=%s").startswith("record: record DEC-2026-005")
    assert workspace.get(draft.id) is not None
    passed = op.put_amendment_to_vote(tui_store, workspace, draft.id, "MTG-2026-01",
                                      op.Motion("Shorter minutes deadline", "", "high",
                                                {m: "for" for m in VOTERS}))
    assert passed.amended and passed.decision.amends == ["4.4"]
    message = git(tui_store.root, "log", "-1", "--format=%B")
    assert message.startswith("amend: circulate minutes within ten days\n")
    assert ("Decision", "DEC-2026-006") in trailers(message)
    assert "ten days" in tui_store.require("4.4").body
    assert workspace.get(draft.id) is None


def test_drafts_are_checked(tui_store: Store, workspace: Workspace) -> None:
    with pytest.raises(RecordError, match="identical"):
        op.save_amendment(tui_store, workspace, "4.2", op.in_force_text(tui_store, "4.2"), "nothing")
    with pytest.raises(RecordError, match="a term record"):
        op.check_draft(tui_store, "MTG-2026-01", op.in_force_text(tui_store, "MTG-2026-01"))
    with pytest.raises(RecordError, match="keep the ID 4.2"):
        op.check_draft(tui_store, "4.2", op.in_force_text(tui_store, "4.3"))
    asset_id, template = op.new_ip_text(tui_store, workspace, ["hosp", "lab"])
    assert asset_id == "IP-003" and op.check_draft(tui_store, asset_id, template).id == "IP-003"


def test_minutes_are_circulated_then_approved_as_read(tui_store: Store, workspace: Workspace) -> None:
    op.save_minutes_draft(workspace, "MTG-2026-02", "# Minutes\n\nThe council met.")
    op.set_attendance(tui_store, "MTG-2026-02", {m: "present" for m in VOTERS})
    op.circulate_minutes(tui_store, workspace, "MTG-2026-02", "# Minutes\n\nThe council met.")
    assert workspace.minutes("MTG-2026-02") is None
    op.schedule_meeting(tui_store, dt.date(2026, 5, 10))
    # Issue 14, case 4: minutes are approved only at a later meeting that was held and quorate.
    with pytest.raises(RecordError, match="a later meeting that was held.*scheduled"):
        op.approve_minutes(tui_store, "MTG-2026-02", "MTG-2026-03")
    op.set_attendance(tui_store, "MTG-2026-03", {m: "present" for m in VOTERS})
    op.approve_minutes(tui_store, "MTG-2026-02", "MTG-2026-03")
    meeting = tui_store.require("MTG-2026-02")
    assert isinstance(meeting, Meeting)
    assert (meeting.minutes_status, meeting.minutes_approved_as) == ("approved", "read")
    with pytest.raises(RuleError, match="already approved"):
        op.approve_minutes(tui_store, "MTG-2026-02", "MTG-2026-03")
    with pytest.raises(RecordError, match="a later meeting"):
        op.approve_minutes(tui_store, "MTG-2026-01", "MTG-2026-01")


def test_a_dispute_climbs_the_ladder_in_order_then_resolves(tui_store: Store) -> None:
    _, dispute = op.raise_dispute(tui_store, "Access logs", "hosp", ["lab"], TODAY)
    assert dispute.id == "DSP-003" and [s.name for s in dispute.stages] == ["negotiation"]
    for day in (dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)):
        op.move_dispute(tui_store, "DSP-003", day)
    with pytest.raises(RuleError, match="last stage"):
        op.move_dispute(tui_store, "DSP-003", dt.date(2026, 7, 1))
    with pytest.raises(RecordError, match="resolution"):
        op.resolve_dispute(tui_store, "DSP-003", dt.date(2026, 7, 1), " ")
    op.resolve_dispute(tui_store, "DSP-003", dt.date(2026, 7, 1), "Award made.")
    stored = tui_store.require("DSP-003")
    assert isinstance(stored, Dispute) and stored.status == "resolved"
    with pytest.raises(RuleError, match="already resolved"):
        op.resolve_dispute(tui_store, "DSP-003", dt.date(2026, 7, 2), "Again.")


def test_filter_syntax() -> None:
    flt = q.parse_filter("tier:High o:pass sens:public from:2025-02 to:2025 quorum bad:x from:2025-13")
    assert (flt.tier, flt.outcome, flt.sensitivity) == ("high", "pass", "public")
    assert (flt.since, flt.until) == (dt.date(2025, 2, 1), dt.date(2025, 12, 31))
    assert flt.words == ("quorum", "bad:x") and flt.problems == ("from:2025-13",)
    assert q.parse_filter("to:2024-02").until == dt.date(2024, 2, 29)


def test_queries_page_and_search(tui_store: Store) -> None:
    page = q.decisions(tui_store, q.parse_filter(""), offset=1, limit=2)
    assert [r.id for r in page.rows] == ["DEC-2026-003", "DEC-2026-002"] and page.total == 4 and page.has_more
    assert [r.id for r in q.decisions(tui_store, q.parse_filter("dec-2026-00 outcome:failed")).rows] == ["DEC-2026-002"]
    assert [r.id for r in q.find(tui_store, "4.2")][0] == "4.2"
    assert {r.id for r in q.find(tui_store, "triage")} == {"DEC-2026-003", "IP-001"}
    assert q.next_id(tui_store, "ip", "IP-", 3) == "IP-003"
    assert q.decisions_per_quarter(tui_store, 2, TODAY) == [("2025 Q4", 0), ("2026 Q1", 4)]
    assert [r.id for r in q.with_open_actions(tui_store)] == ["DEC-2026-001"]


def test_history_pages_filters_and_versions(tui_store: Store) -> None:
    everything = q.history(tui_store)
    assert len(everything) == 9 and everything[-1].subject == "amend: adopt the founding charter"
    assert [c.sha for c in q.history(tui_store, skip=2, limit=3)] == [c.sha for c in everything[2:5]]
    assert [c.kind for c in q.history(tui_store, amendments_only=True)] == ["amend"] * 3
    assert [c.subject for c in q.history(tui_store, "IP-002")] == ["amend: register IP-001 and IP-002"]
    assert q.history(tui_store, "no-such-thing-") == []
    found = q.amendment_for(tui_store, "DEC-2026-004")
    assert found is not None and found.trailer("Decision") == "DEC-2026-004" and "ip/IP-001.md" not in found.paths
    assert q.amendment_for(tui_store, "DEC-2026-001") is None
    version = q.versions(tui_store, "charter")["charter/4.2.md"]
    assert (version.number, version.decision) == (1, "")
    stored = tui_store.require("DEC-2026-003")
    assert isinstance(stored, Decision)
    assert "ip/IP-001.md" in q.commit_diff(tui_store, q.amendment_for(tui_store, stored.id).sha)

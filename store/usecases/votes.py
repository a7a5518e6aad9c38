"""Votes cast on a motion recorded without them (``council motion`` then ``council vote``).

A decision recorded with no votes is pending; the votes, cast together, decide
it: the store computes the outcome when it validates the change, and refuses
any change to the votes of a decision once decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from council.checks import FINAL_OUTCOMES
from council.errors import RecordError, RuleError
from council.records import Decision
from store.usecases.common import require as _require
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed


def record_votes(store: "Store", decision_id: str, votes: Mapping[str, str]) -> tuple["Committed", Decision]:
    """Record the votes on a pending decision; the store computes its outcome."""
    decision = _require(store, decision_id, Decision)
    if decision.outcome in FINAL_OUTCOMES:
        raise RuleError(f"{decision_id} was decided ({decision.outcome}): its votes are immutable once "
                        "recorded; a correction is a new decision")
    cast = {m: v for m, v in votes.items() if v}
    if not cast:
        raise RecordError(decision_id, "votes", "at least one member's vote")
    done = store.write(Change(f"record the votes on {decision_id}: {decision.title}",
                              [decision.replace(votes=cast)]))
    stored = store.require(decision_id)
    assert isinstance(stored, Decision)
    return done, stored

"""`council verify`'s check on releases: none granted while the partnership is in exit,
and the exit's plan neither deleted nor stripped of its trigger while it lasts.

The write path's rule (:func:`council.artifact_checks.exit_refusal`), judged
at every commit that grants a release, on the partnership and exit plan as
that commit leaves them and the commit's own date: a grant made by hand, or
arriving from a partner's replica through `council sync` (which verifies
incoming commits with the same walk), is named as the write path would have
refused it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council.artifact_checks import exit_refusal
from council.checks import Context
from council.errors import CouncilError
from council.exit_state import check_plan_kept
from council.records import Release, kind_of_path
from store.git.commits import Commit
from store.logentry import record_id_of

if TYPE_CHECKING:
    from store.audit.walk import Walker


def check_releases(walker: "Walker", c: Commit, report) -> None:
    """Each release a commit grants is not granted in exit."""
    for ch in c.changes:
        if kind_of_path(ch.path) != "release" or ch.new is None:
            continue
        release = walker.parse(ch.new, ch.path)
        if not isinstance(release, Release) or release.status != "granted":
            continue
        after = walker.state(c.sha)
        ctx = Context(lambda rid: walker.record_at(c.sha, rid), after.clauses, after.members, after.partnership,
                      c.date.date())
        why = exit_refusal(release, walker.record_at(c.parents[0], record_id_of(ch.path)), ctx)
        if why:
            report.fail(c.sha, release.id, "release-in-exit", f"{release.id} was granted in exit: {why}")


def check_exit_plan(walker: "Walker", c: Commit, report) -> None:
    """A commit leaves the plan of a partnership in exit in place, with the trigger the exit names."""
    if not any(kind_of_path(ch.path) == "exit" for ch in c.changes):
        return  # the state as of the commit is only worth building where an exit plan changed
    try:
        after = walker.state(c.sha)
    except CouncilError:
        return  # a charter that does not parse is named by the checks that read it
    plan = after.partnership.exit_plan if after.partnership and after.partnership.exit_on else ""
    touched = [ch for ch in c.changes if plan and record_id_of(ch.path) == plan]
    if not touched:
        return
    try:
        check_plan_kept(after.partnership, {plan for ch in touched if ch.new}, {plan for ch in touched if not ch.new},
                        lambda rid: walker.record_at(c.sha, rid))
    except CouncilError as exc:
        report.fail(c.sha, plan, "exit-plan-kept", str(exc))

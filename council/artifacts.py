"""Model artifacts and their releases: the record kinds of issue 17.

An artifact (``ART-007``) is a model, checkpoint, adapter, evaluation set or
dataset snapshot the partnership made; its bytes live at ``location`` and
never enter the store, its manifest's digest does (:mod:`council.manifest`).
Its lineage names the datasets it was trained or evaluated on (IDs of the
data-sharing register) and its parent artifacts, so that a change to a
dataset's terms reaches every artifact derived from it.

A release (``REL-001``) lets a recipient (a party, or a named third party
such as an external evaluator) hold or use an artifact, for a purpose, in a
mode, for a period: what :mod:`council.release_gate` checks against the
terms in force.
"""

from __future__ import annotations

import datetime as dt

from council.records import artifacts as _kinds
from council.records.artifacts import *  # noqa: F403  (the kinds' own list, kept in one place)
from council.records.artifacts import Release

__all__ = ["release_state"]
__all__ += _kinds.__all__


def release_state(release: Release, day: dt.date) -> str:
    """A release in one word on ``day``: live, expired, not started, or its status (refused, revoked...)."""
    if release.status != "granted":
        return release.status
    if release.live_on(day):
        return "live"
    if release.starts and day < release.starts:
        return "not started"
    return "expired"

"""One commit as the history shows it (:class:`Entry`), and where a record's file is.

:class:`Entry` is the gateway's commit model (:class:`store.git.commits.Commit`)
with what its subject and trailers say for the record: the decision,
meeting, quorum and vote behind it, and the records it changed.  The CLI's
history, the History screen's commit log, blame, diffs and evidence all
show commits as entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from council.errors import RecordError
from council.record_ids import kind_of_id, kind_of_path, path_for_id
from store.git import commits as gitcommits


@dataclass(frozen=True)
class Entry(gitcommits.Commit):
    """One commit as the history shows it: the gateway's :class:`~store.git.commits.Commit`,
    with what its subject and trailers say about the decision behind it.

    ``date`` is the committer's date, in its own UTC offset: when the commit
    entered this line of history (a replayed commit keeps its ``author_date``).
    """

    @property
    def commit(self) -> str:
        return self.sha

    @property
    def short(self) -> str:
        return self.sha[:10]

    @property
    def day(self) -> dt.date:
        return self.date.date()

    @property
    def summary(self) -> str:
        """The subject without its kind (``amend: adopt X`` -> ``adopt X``)."""
        return self.subject.partition(": ")[2] if self.kind else self.subject

    def trailer(self, key: str) -> str:
        """The first value of a trailer (``Decision``, ``Meeting``...), or ''."""
        return gitcommits.first_trailers(self.message).get(key, "")

    # What the write path's trailers say (see store.write.steps.commit_message).
    decision = property(lambda self: self.trailer("Decision"))
    meeting = property(lambda self: self.trailer("Meeting"))
    quorum = property(lambda self: self.trailer("Quorum"))
    vote = property(lambda self: self.trailer("Vote"))
    recorded_by = property(lambda self: self.trailer("Recorded-by"))

    @property
    def approvers(self) -> tuple[str, ...]:
        return tuple(v for k, v in self.trailers if k == "Approved-by")

    @property
    def records(self) -> tuple[str, ...]:
        """IDs of the records this commit changed."""
        return tuple(record_id_of(p) for p in self.paths if kind_of_path(p))

    def to_json(self) -> dict[str, Any]:
        return {"commit": self.sha, "parents": list(self.parents), "date": self.date.isoformat(),
                "author": str(self.author), "kind": self.kind, "summary": self.summary, "message": self.message,
                "decision": self.decision, "meeting": self.meeting, "quorum": self.quorum, "vote": self.vote,
                "approvers": list(self.approvers), "recorded_by": self.recorded_by, "paths": list(self.paths),
                "records": list(self.records)}

    @classmethod
    def of(cls, c: gitcommits.Commit) -> "Entry":
        """A commit read by the gateway, as the history shows it."""
        return cls(c.sha, c.parents, c.author, c.author_date, c.date, c.message, c.changes)


def record_id_of(path: str) -> str:
    """The ID of the record stored at ``path``."""
    return "partnership" if path == "partnership.md" else path.rsplit("/", 1)[-1][:-3]


def record_path(record_id: str) -> str:
    """Where a record with this ID lives: fixed by the ID's shape alone."""
    kind = kind_of_id(record_id)
    if kind is None:
        raise RecordError(record_id, "id", "a record ID like 4.2, DEC-2026-014, MTG-2026-05, IP-042 or a member ID",
                          record_id)
    return path_for_id(kind, record_id)

"""`verify`'s check of sealed values, with no key at all (issue 16).

At every commit, each record the commit writes is checked against the one
rule the write path keeps (:mod:`council.sealed_fields`): no text that must
be sealed is in the clear, every sealed value is canonical age armour (the
parse refuses anything else) sealed to exactly the keys of its readers'
serving members on the commit's day (the tags in age's ssh-ed25519 stanzas
say whom, without opening anything).  Sync runs the same walk on a
partner's commits before the branch moves, so it refuses what fails here.

What no key can prove is that a sealed value still holds what was sealed
(age's MAC is checked only by opening it).  ``verify --full`` run with a
reader's key configured opens every value sealed to that key, at every
commit that writes it (:class:`SealedOpener`, rule ``sealed-opens``).
"""

from __future__ import annotations

import hashlib

from council import sealed_fields, sealing
from council.errors import CouncilError
from council.records import Record
from council.sealing import CannotOpen, OpenedKey
from store.audit.treestate import State
from store.git.commits import Commit

RULE = "sealed-readers"
OPENS = "sealed-opens"


def check_sealed(c: Commit, record: Record, state: State, report) -> None:
    """Report what is wrong with the sealing of one record as ``c`` wrote it."""
    held = dict(getattr(record, "sealed", {}) or {})
    clear = sealed_fields.sealed_paths(record, state.charter)
    for path in clear:
        report.fail(c.sha, record.id, RULE, f"{record.id}: field '{path}' is {sealed_fields.level_of(record, path)} "
                    f"for {sealed_fields.reader_names(record)} but written in the clear (it must be sealed)")
    if not held:
        return
    try:
        keys = sealed_fields.reader_keys(record, state.members, state.parties, c.date.date())
    except CouncilError as exc:
        report.fail(c.sha, record.id, RULE, f"its sealed values have no readers to be sealed to: {exc}")
        return
    for path, armour in sorted(held.items()):
        try:
            problems = sealing.sealed_to_exactly(armour, keys, record.id, path)
        except CouncilError as exc:
            problems = [str(exc)]
        for problem in problems:
            report.fail(c.sha, record.id, RULE, problem + " (the serving members of "
                        f"{sealed_fields.reader_names(record)} on {c.date.date().isoformat()})")


class SealedOpener:
    """Opens, with the operator's key, each value a commit writes that is sealed to that key."""

    def __init__(self, key: OpenedKey) -> None:
        self.key = key
        self.seen: set[tuple[str, str, str]] = set()  # (record, path, armour digest): opened once a run

    def check(self, c: Commit, record: Record, report) -> None:
        for path, armour in sorted((getattr(record, "sealed", {}) or {}).items()):
            seen = (record.id, path, hashlib.sha256(armour.encode()).hexdigest())
            if seen in self.seen:
                continue
            self.seen.add(seen)
            try:
                if self.key.tag not in sealing.stanza_tags(armour, record.id, path):
                    continue  # not sealed to this key: only its readers can check it
                sealing.unseal(armour, [self.key.identity], record.id, path, None)
            except CannotOpen:
                report.fail(c.sha, record.id, OPENS, str(sealing.altered(record.id, path)))
            except CouncilError as exc:  # bad armour (record-parses says so), or moved between places
                report.fail(c.sha, record.id, OPENS, str(exc))

"""Member IDs the audience may not see, replaced by stable pseudonyms.

A member's ID is their surname (``mensah``), so publishing the ID of a
withheld member publishes the name.  Wherever the audience may not see a
member's record or name, every mention of the member's ID (attendance,
votes, movers, action and risk owners, the member's own entry in the
manifest) is replaced by ``MBR-`` and ten hex digits of an HMAC of the ID
under the store's export key::

    pseudonym = "MBR-" + upper(hex(HMAC-SHA256(key, "council-member-pseudonym/1" || 0x00 || id))[:10])

The key never leaves the store, so nobody can test a list of surnames
against a pseudonym; the pseudonym does not depend on the commit, so the
same member reads the same in every export of the same store (a reader can
follow "MBR-…" across meetings without learning who it is).  ``MBR-`` cannot
begin a member ID (IDs are lower case), so a pseudonym never collides with one.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from council.records import kind_of_id

LABEL = b"council-member-pseudonym/1"
PREFIX = "MBR-"

# Where each kind names members: a field, a field of each entry ("actions.owner"),
# a table's keys ("votes{}"), its values held as "proxy:<member>" ("attendance="),
# or a list of references to records of any kind, members among them ("refs?").
MEMBER_REFS: dict[str, tuple[str, ...]] = {
    "meeting": ("attendance{}", "attendance=", "attendance_changes.member", "agenda.refs?"),
    "decision": ("moved_by", "seconded_by", "votes{}", "casting_by", "actions.owner"),
    "risk": ("owner", "refs?"),
    "incident": ("reported_by", "notifications.by", "remediation.owner"),
    "duty": ("responsible", "accountable", "consulted", "informed"),
    "artifact": ("signed_by", "evaluations.by"),
}


def pseudonym(key: bytes, member_id: str) -> str:
    """The stable pseudonym of one member ID under the store's export key."""
    digest = hmac.new(key, LABEL + b"\0" + member_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:10].upper()


def is_pseudonym(text: str) -> bool:
    return text.startswith(PREFIX) and len(text) == len(PREFIX) + 10


class Aliases:
    """Maps each member ID to what this audience may read: the ID itself, or its pseudonym."""

    def __init__(self, key: bytes, named: set[str], parties: set[str]) -> None:
        self.key, self.named, self.parties = key, named, parties
        self.memo: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        """A member ID as published; party IDs (in RACI lists beside members) and '' pass through."""
        if not value or value in self.named or value in self.parties:
            return value
        if value not in self.memo:
            self.memo[value] = pseudonym(self.key, value)
        return self.memo[value]

    def rewrite(self, kind: str, fields: dict[str, Any], skip: Callable[[Any], bool]) -> None:
        """Replace, in place, every member ID the fields of a ``kind`` record name."""
        for spec in MEMBER_REFS.get(kind, ()):
            if spec.endswith("{}"):
                name, fn = spec[:-2], self._keys
            elif spec.endswith("="):
                name, fn = spec[:-1], self._proxies
            elif spec.endswith("?"):
                name, fn = spec[:-1], self._member_refs
            else:
                name, fn = spec, self._value
            top, _, rest = name.partition(".")
            if top in fields and not skip(fields[top]):
                fields[top] = _apply(fields[top], rest.split(".") if rest else [], fn, skip)

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self(v) if isinstance(v, str) else v for v in value]
        return value

    def _member_refs(self, value: Any) -> Any:
        """Only the references that are member IDs: a decision or clause ID stays as it is."""
        if not isinstance(value, list):
            return value
        return [self(v) if isinstance(v, str) and kind_of_id(v) == "member" else v for v in value]

    def _keys(self, value: Any) -> Any:
        return {self(str(k)): v for k, v in value.items()} if isinstance(value, dict) else value

    def _proxies(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {k: f"proxy:{self(v[6:])}" if isinstance(v, str) and v.startswith("proxy:") else v
                for k, v in value.items()}


def _apply(value: Any, path: list[str], fn: Callable[[Any], Any], skip: Callable[[Any], bool]) -> Any:
    """``fn`` applied at ``path`` inside plain data (through lists), leaving withheld values alone."""
    if skip(value):
        return value
    if not path:
        return fn(value)
    if isinstance(value, list):
        return [_apply(v, path, fn, skip) for v in value]
    if isinstance(value, dict) and path[0] in value:
        return {**value, path[0]: _apply(value[path[0]], path[1:], fn, skip)}
    return value

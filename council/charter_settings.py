"""Typed access to one charter clause's settings, with errors naming the clause.

Every key a reader asks for is marked used; once a clause is read, a key
no reader asked for is refused (a misspelt key would otherwise leave a
default quietly in force).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from council.errors import RecordError
from council.records import Clause

RATIOS = ("majority", "two_thirds", "unanimous")

_local = threading.local()


def opened() -> list["Settings"]:
    """The settings tables read for the clause in hand (per thread: workers read charters)."""
    if not hasattr(_local, "opened"):
        _local.opened = []
    return _local.opened


def refuse_unknown_keys() -> None:
    # A misspelt key (min_per_pary) would otherwise leave the default in
    # force and quietly change the rules the council adopted.
    for table in opened():
        unknown = sorted(set(table.data) - table.used)
        if unknown:
            raise RecordError(table.where, table.prefix + unknown[0],
                              "a setting this rule knows: " + ", ".join(sorted(table.used)), "unknown setting")
    del opened()[:]


class Settings:
    """Typed access to one clause's settings, with errors naming the clause."""

    def __init__(self, clause: Clause, prefix: str = "settings.") -> None:
        self.clause, self.data = clause, dict(clause.settings)
        self.where = f"charter {clause.id}"
        self.prefix = prefix
        self.used: set[str] = set()
        opened().append(self)

    def get(self, key: str, kind: type, default: Any) -> Any:
        self.used.add(key)
        value = self.data.get(key, default)
        if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
            raise RecordError(self.where, self.prefix + key, "a whole number", value)
        if kind is not int and not isinstance(value, kind):
            raise RecordError(self.where, self.prefix + key, kind.__name__, value)
        return value

    def maybe_bool(self, key: str, default: bool | None) -> bool | None:
        """A true/false setting, or ``default`` where the clause does not give it."""
        if key not in self.data:
            self.used.add(key)
            return default
        return bool(self.get(key, bool, False))

    def natural(self, key: str, default: int) -> int:
        value = self.get(key, int, default)
        if value < 0:
            raise RecordError(self.where, self.prefix + key, "zero or more", value)
        return value

    def one_of(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in options:
            raise RecordError(self.where, self.prefix + key, "one of " + ", ".join(options), value)
        return value


@dataclass(frozen=True)
class WrittenRule:
    """Decisions taken in writing between meetings (written resolutions).

    Where the charter is silent: Robert's Rules allow action outside a
    meeting only by the unanimous written consent of the entire membership,
    so the default threshold is every voting member voting for, under any
    tier.  ``tiers`` (empty: all) are the tiers that may be decided in
    writing; ``min_days`` the shortest period a resolution stays open;
    ``reminder_days`` how near its close a resolution counts as closing soon.
    """

    ratio: str = "unanimous"
    tiers: tuple[str, ...] = ()
    min_days: int = 0
    reminder_days: int = 3
    clause: str = ""

    def allows(self, tier: str) -> bool:
        return not self.tiers or tier in self.tiers


def read_written_resolutions(clause: Clause) -> dict[str, Any]:
    """The written-resolutions clause: its threshold, the tiers it may decide, its periods."""
    s = Settings(clause)
    tiers = s.get("tiers", list, [])
    bad = [t for t in tiers if not isinstance(t, str) or not t]
    if bad:
        raise RecordError(s.where, "settings.tiers", "tier names, as the tiers clause names them", bad)
    rule = WrittenRule(s.one_of("ratio", RATIOS, "unanimous"), tuple(tiers), s.natural("min_days", 0),
                       s.natural("reminder_days", 3), clause.id)
    return {"written": rule}

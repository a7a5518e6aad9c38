"""Council's settings: read once, in this one module, never at import time.

Everything the environment can change is one frozen :class:`Settings`, read by
:func:`current` on first use (an entry point or a test may :func:`reload` it,
or install other values with :func:`overridden`).  Each setting is an
environment override, then a default; directories follow the platform's
conventions (XDG on Linux) through platformdirs, and nothing is created here.

=========================  ==========================================================
``COUNCIL_DATA_DIR``       per-user data (the sample partnership lives there);
                           default: the platform's user data directory
``COUNCIL_STORE``          the store to open when no ``--store`` is given
``COUNCIL_LOCK_WAIT``      seconds a writer waits for the store's lock (default 5)
``COUNCIL_NET_TIMEOUT``    seconds a fetch or push may take (default 600)
``COUNCIL_GIT_LOCK_SETTLE`` seconds a git lock file may stay before it is taken as
                           left by a crash (default 1)
``COUNCIL_SIGNING_KEY``    the operator's SSH key, when ``council keys use`` set none
``COUNCIL_KEY_PASSPHRASE`` the passphrase of the operator's key, when it has one
``GIT_AUTHOR_NAME/EMAIL``  who writes, overriding the store's operator (tests, scripts)
``GIT_COMMITTER_NAME/EMAIL`` who commits, when it is not the author
``COUNCIL_COMMIT_DATE``    the moment every commit is dated, ISO 8601 with its offset
                           (reproducible commits, as git's GIT_COMMITTER_DATE; default: now)
``COUNCIL_FAULT``          a test hook: the crash point to arm (:mod:`store.faults`)
=========================  ==========================================================

Store resolution (:func:`resolve_store`): ``--store``, else ``COUNCIL_STORE``,
else the current directory if it is a store, else the bundled sample
partnership in the data directory (built on first use by the caller, see
:func:`council.commands.app.resolve`: the sample is not the store's to build).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from council.errors import StoreError


@dataclass(frozen=True)
class Settings:
    """Every setting Council reads from its environment, read at one moment."""

    data_dir_given: Path | None = None  # COUNCIL_DATA_DIR, expanded; see data_dir
    store: str | None = None  # COUNCIL_STORE, as given
    lock_wait: float = 5.0
    net_timeout: float = 600.0
    git_lock_settle: float = 1.0
    signing_key: Path | None = None
    key_passphrase: str | None = None  # COUNCIL_KEY_PASSPHRASE: opens a passphrase-protected key
    author: tuple[str, str] | None = None  # (name, email) from GIT_AUTHOR_*
    committer: tuple[str, str] | None = None  # (name, email) from GIT_COMMITTER_*
    fault: str | None = None  # COUNCIL_FAULT: a crash point for the fault-injection tests
    commit_date: dt.datetime | None = None  # COUNCIL_COMMIT_DATE: every commit dated then

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """The settings an environment gives (``os.environ`` by default)."""
        env = os.environ if environ is None else environ
        return cls(
            data_dir_given=Path(env["COUNCIL_DATA_DIR"]).expanduser() if env.get("COUNCIL_DATA_DIR") else None,
            store=env.get("COUNCIL_STORE") or None,
            lock_wait=_seconds(env, "COUNCIL_LOCK_WAIT", 5.0),
            net_timeout=_seconds(env, "COUNCIL_NET_TIMEOUT", 600.0),
            git_lock_settle=_seconds(env, "COUNCIL_GIT_LOCK_SETTLE", 1.0),
            signing_key=Path(env["COUNCIL_SIGNING_KEY"]).expanduser() if env.get("COUNCIL_SIGNING_KEY") else None,
            key_passphrase=env.get("COUNCIL_KEY_PASSPHRASE") or None,
            author=_identity(env, "GIT_AUTHOR"),
            committer=_identity(env, "GIT_COMMITTER"),
            fault=env.get("COUNCIL_FAULT") or None,
            commit_date=_moment(env, "COUNCIL_COMMIT_DATE"),
        )

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    @functools.cached_property
    def data_dir(self) -> Path:
        """Per-user data: COUNCIL_DATA_DIR, else the platform's convention.  Found when first
        asked: platformdirs (and the tempfile it imports) is 5 ms of the start of every
        command, and a command given ``--store`` needs no data folder (issue 18).  So the
        platform's convention is read from the environment of that moment."""
        if self.data_dir_given is not None:
            return self.data_dir_given
        import platformdirs

        return Path(platformdirs.user_data_dir("council", appauthor=False))

    @property
    def sample_store(self) -> Path:
        """Where the sample partnership is built for this user."""
        return self.data_dir / "sample-partnership"


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise StoreError(f"{name} must be a number of seconds, e.g. 5 (got {value!r})") from None
    if seconds < 0:
        raise StoreError(f"{name} must be a number of seconds of 0 or more (got {value!r})")
    return seconds


def _moment(env: Mapping[str, str], name: str) -> dt.datetime | None:
    value = env.get(name)
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise StoreError(f"{name} must be a moment with its UTC offset, e.g. 2026-04-28T10:00:00+00:00 "
                         f"(got {value!r})")
    return moment


def _identity(env: Mapping[str, str], prefix: str) -> tuple[str, str] | None:
    name, email = env.get(f"{prefix}_NAME"), env.get(f"{prefix}_EMAIL")
    return (name, email) if name and email else None


_current: Settings | None = None


def current() -> Settings:
    """The settings in force, read from the environment the first time they are asked for."""
    global _current
    if _current is None:
        _current = Settings.from_env()
    return _current


def reload() -> Settings:
    """Read the environment again (a command starting, or a test that changed it)."""
    global _current
    _current = Settings.from_env()
    return _current


@contextmanager
def overridden(**changes: Any) -> Iterator[Settings]:
    """Run a block with some settings changed (tests; the founders' identity), restoring the previous ones after."""
    global _current
    before = current()
    _current = before.replace(**changes)
    try:
        yield _current
    finally:
        _current = before


# --- which store ---------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """The store to open, and a sentence saying which one it is and why."""

    path: Path
    how: str
    sample: bool = False  # the bundled sample partnership: built on first use by the caller

    @property
    def missing_sample(self) -> bool:
        """True when this is the sample and it has not been built yet."""
        return self.sample and not is_store(self.path)


def is_store(path: Path) -> bool:
    """A directory holding a council store (a git repository with a partnership.md)."""
    return (path / ".git").is_dir() and (path / "partnership.md").exists()


def resolve_store(option: str | None, settings: Settings | None = None) -> Resolved:
    """Which store to open: ``--store``, ``COUNCIL_STORE``, the current directory, the sample."""
    settings = settings or current()
    if option:
        return Resolved(Path(option).expanduser(), f"store {option} (from --store)")
    if settings.store:
        return Resolved(Path(settings.store).expanduser(), f"store {settings.store} (from COUNCIL_STORE)")
    cwd = Path.cwd()
    if is_store(cwd):
        return Resolved(cwd, f"store {cwd} (the current directory)")
    sample = settings.sample_store
    if not is_store(sample):
        return Resolved(sample, f"the sample partnership, copied to {sample} (first use)", sample=True)
    return Resolved(sample, f"the sample partnership at {sample}", sample=True)

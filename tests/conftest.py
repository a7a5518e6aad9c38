"""Shared fixtures: every test writes only under a temporary directory, with a
git identity of its own (CI has none configured and nothing in HOME)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from council import settings
from council.records import Clause, Decision, Meeting, Member
from council.skeleton import founding_records
from store.service import Store
from store.write.change import Change
from store.write.founding import Signatory

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Clerk",
    "GIT_AUTHOR_EMAIL": "clerk@example.org",
    "GIT_COMMITTER_NAME": "Test Clerk",
    "GIT_COMMITTER_EMAIL": "clerk@example.org",
}
DAY = dt.date(2026, 3, 10)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def isolate(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Point HOME, git's config and Council's data dir at ``home`` and set a git identity."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(home / "council-data"))
    monkeypatch.delenv("COUNCIL_STORE", raising=False)
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)
    settings.reload()  # Council reads its settings once: read them from this environment


@contextmanager
def isolated(home: Path) -> Iterator[pytest.MonkeyPatch]:
    """:func:`isolate` for module- and session-scoped fixtures (no function monkeypatch there)."""
    try:
        with pytest.MonkeyPatch.context() as mp:
            isolate(mp, home)
            yield mp
    finally:
        settings.reload()  # the environment is restored: so are the settings read from it


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path_factory.mktemp("home"))


MEMBERS = [
    Member(id="ada", name="Ada Hale", party="hosp", role="senior_sponsor", voting=True, email="ada@hosp.example"),
    Member(id="ben", name="Ben Ito", party="hosp", role="data_steward", voting=True, email="ben@hosp.example"),
    Member(id="cy", name="Cy Moss", party="hosp", role="compliance_lead", voting=True, email="cy@hosp.example"),
    Member(id="dee", name="Dee Park", party="lab", role="senior_sponsor", voting=True, email="dee@lab.example"),
    Member(id="eli", name="Eli Roy", party="lab", role="technical_expert", voting=True, email="eli@lab.example"),
    Member(id="fay", name="Fay Lund", party="lab", role="legal_counsel", voting=True, email="fay@lab.example"),
    Member(id="gus", name="Gus Vale", party="hosp", role="secretariat", voting=False, email="gus@hosp.example"),
]
for _m in MEMBERS:
    object.__setattr__(_m, "term_start", dt.date(2025, 1, 1))

ALL_PRESENT = {m.id: "present" for m in MEMBERS}
# Who signs the founding for each party (by name: the test charter requires no signatures).
FOUNDERS = [Signatory("hosp", "Ada Hale <ada@hosp.example>"), Signatory("lab", "Dee Park <dee@lab.example>")]


def make_small_store(path: Path) -> Store:
    """A store with two parties, seven members and one held meeting."""
    store = Store.create(path)
    founding = founding_records("Test Partnership", [("hosp", "Hospital"), ("lab", "Lab")], dt.date(2025, 1, 1))
    store.write(Change("adopt the founding charter", founding, kind="amend", when=at(dt.date(2025, 1, 1)),
                       signatories=FOUNDERS))
    store.write(Change("appoint the founding members", list(MEMBERS), when=at(dt.date(2025, 1, 2))))
    meeting = Meeting(id="MTG-2026-01", title="Regular meeting", date=DAY, status="held",
                      agenda_circulated=DAY - dt.timedelta(days=21), attendance=dict(ALL_PRESENT),
                      minutes_status="draft", body="The council met.")
    store.write(Change("record MTG-2026-01 held", [meeting], when=at(DAY)))
    return store


@pytest.fixture
def small_store(tmp_path: Path) -> Store:
    store = make_small_store(tmp_path / "store")
    yield store
    store.close()


def amend_clause(store: Store, clause_id: str, new_body: str, dec_id: str = "DEC-2026-001",
                 votes: dict[str, str] | None = None, tier: str = "high") -> object:
    """Amend a clause through a decision at MTG-2026-01 (passes with everyone for)."""
    clause = store.require(clause_id)
    assert isinstance(clause, Clause)
    votes = votes or {m.id: "for" for m in MEMBERS if m.voting}
    decision = Decision(id=dec_id, title=f"Amend clause {clause_id}", meeting="MTG-2026-01", date=DAY,
                        tier=tier, motion=f"That clause {clause_id} be amended.", moved_by="ada",
                        votes=votes, amends=[clause_id], body="Because.")
    return store.write(Change(f"amend clause {clause_id}", [decision, clause.replace(body=new_body)],
                              kind="amend", decision=dec_id, when=at(DAY, 12)))


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample partnership, built once per test session (copy it before writing)."""
    from sample_partnership.build import build

    path = tmp_path_factory.mktemp("sample") / "store"
    build(path).close()
    return path


def opened_copy(template: Path, target: Path) -> Iterator[Store]:
    """Copy a store built once per session to ``target`` and hold it open for one test."""
    shutil.copytree(template, target)
    store = Store.open(target)
    yield store
    store.close()


@pytest.fixture
def sample_store(sample_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A private, writable copy of the sample partnership."""
    yield from opened_copy(sample_template, tmp_path / "sample")


def signatory_options(folder: Path | None, parties: tuple[tuple[str, str], ...] = (("acme", "ann"), ("beta", "bob"))
                      ) -> list[str]:
    """`council init` options naming each party's signatory: with ed25519 keys made in ``folder``
    (and ``--key``: the first signs the founding), or without keys when ``folder`` is None."""
    import subprocess

    argv = []
    for party, member in parties:
        key = ""
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / member
            if not path.exists():
                subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", member, "-f", str(path)],
                               check=True)
            key = f":{path}.pub"
        argv += ["--signatory", f"{party}={member}:{member.title()} <{member}@{party}.example>{key}"]
    return [*argv, "--key", str(folder / parties[0][1])] if folder is not None else argv

"""Fixtures for the TUI tests: one small but complete store, built once per session.

The store is built through the same write path as everything else, with every
commit dated, so that its history (and therefore every snapshot) is the same
on every run.  Each test gets a private copy.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from council.records import (
    ActionItem,
    AgendaItem,
    Decision,
    Dispute,
    ExitPlan,
    IPAsset,
    License,
    Meeting,
    Obligation,
    Stage,
    Trigger,
)
from store.service import Store
from store.write.change import Change
from tests.conftest import ALL_PRESENT, MEMBERS, at, make_small_store, opened_copy

TODAY = dt.date(2026, 3, 20)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Pilot tests) in a fresh event loop; no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
VOTERS = [m.id for m in MEMBERS if m.voting]


def _all_for() -> dict[str, str]:
    return {m: "for" for m in VOTERS}


def build_tui_store(path: Path) -> Store:
    """small_store plus decisions, an amendment, IP entries, an exit plan and disputes."""
    store = make_small_store(path)
    day = dt.date(2026, 3, 10)
    routine = Decision(id="DEC-2026-001", title="Adopt the data access request form", meeting="MTG-2026-01",
                       date=day, tier="low", motion="That the council adopt the request form.",
                       moved_by="ada", seconded_by="dee", votes=_all_for(),
                       actions=[ActionItem(text="Publish the form", owner="gus", due=dt.date(2026, 3, 17))],
                       body="The form standardises requests.")
    failed = Decision(id="DEC-2026-002", title="Open the dataset to external researchers",
                      meeting="MTG-2026-01", date=day, tier="medium",
                      motion="That external researchers be given access.", moved_by="eli",
                      votes={"ada": "against", "ben": "against", "cy": "for", "dee": "for",
                             "eli": "for", "fay": "abstain"}, sensitivity="internal",
                      body="Concerns about re-identification.")
    store.write(Change("record DEC-2026-001 and DEC-2026-002", [routine, failed], when=at(day, 11)))
    ip_vote = Decision(id="DEC-2026-003", title="Register the triage model and the imaging set",
                       meeting="MTG-2026-01", date=day, tier="high", motion="That IP-001 and IP-002 be registered.",
                       moved_by="dee", seconded_by="ada", votes=_all_for(), amends=["IP-001", "IP-002"])
    model = IPAsset(id="IP-001", title="Triage model v1", kind="model", origin="foreground",
                    owners={"hosp": 50.0, "lab": 50.0}, spdx="Apache-2.0",
                    oss_obligations=["keep the NOTICE file"], on_exit="license_back",
                    licenses=[License(licensee="hosp", scope="clinical use", field_of_use="triage")],
                    decision="DEC-2026-003", body="Jointly trained triage model.")
    images = IPAsset(id="IP-002", title="Imaging set (de-identified)", kind="dataset", origin="background",
                     owners={"hosp": 100.0}, on_exit="delete", decision="DEC-2026-003",
                     royalty_terms="none", sensitivity="confidential", body="Chest X-rays, de-identified.")
    store.write(Change("register IP-001 and IP-002", [ip_vote, model, images], kind="amend",
                       decision="DEC-2026-003", when=at(day, 12)))
    exit_vote = Decision(id="DEC-2026-004", title="Adopt the exit plan", meeting="MTG-2026-01", date=day,
                         tier="high", motion="That the exit plan be adopted.", moved_by="ada",
                         votes=_all_for(), amends=["EXIT-01"])
    plan = ExitPlan(id="EXIT-01", title="Exit plan", notice_days=90,
                    triggers=[Trigger(name="termination", description="Either party ends the agreement.")],
                    obligations=[
                        Obligation(id="OB-1", party="lab", action="delete", asset="IP-002", days=30,
                                   migration="secure wipe", evidence="deletion attestation"),
                        Obligation(id="OB-2", party="hosp", action="transfer", asset="IP-001", days=60,
                                   migration="model hand-over"),
                        Obligation(id="OB-3", party="lab", action="return", asset="compute credits", days=14)],
                    body="What each party does if the partnership ends.")
    store.write(Change("adopt the exit plan", [exit_vote, plan], kind="amend", decision="DEC-2026-004",
                       when=at(day, 13)))
    overdue = Dispute(id="DSP-001", title="Late delivery of model weights", raised_on=dt.date(2026, 1, 5),
                      raised_by="hosp", against=["lab"],
                      stages=[Stage(name="negotiation", entered=dt.date(2026, 1, 5)),
                              Stage(name="council", entered=dt.date(2026, 2, 1))],
                      body="The lab delivered the weights three weeks late.")
    settled = Dispute(id="DSP-002", title="Compute invoice", raised_on=dt.date(2025, 11, 3), raised_by="lab",
                      against=["hosp"], status="resolved", resolved_on=dt.date(2025, 11, 20),
                      resolution="Paid in full.", stages=[Stage(name="negotiation", entered=dt.date(2025, 11, 3))])
    store.write(Change("record DSP-001 and DSP-002", [overdue, settled], when=at(day, 14)))
    minutes = store.require("MTG-2026-01").replace(minutes_status="circulated", body=(
        "The council met with all voting members present.\n\n"
        "DEC-2026-001 carried. DEC-2026-002 failed.\n"))
    store.write(Change("circulate the minutes of MTG-2026-01", [minutes], when=at(dt.date(2026, 3, 12))))
    upcoming = Meeting(id="MTG-2026-02", title="Regular meeting", date=dt.date(2026, 4, 10),
                       agenda=[AgendaItem(title="Approve the minutes of MTG-2026-01", kind="minutes",
                                          refs=["MTG-2026-01"])],
                       attendance={"fay": "apologies"})
    store.write(Change("schedule MTG-2026-02", [upcoming], when=at(dt.date(2026, 3, 13))))
    return store


@pytest.fixture(scope="session")
def tui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import isolated

    with isolated(tmp_path_factory.mktemp("tui-home")):  # the identity and settings, restored after
        path = tmp_path_factory.mktemp("tui") / "store"
        build_tui_store(path).close()
    return path


@pytest.fixture
def tui_store(tui_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A private, writable copy of the TUI test store."""
    yield from opened_copy(tui_template, tmp_path / "store")

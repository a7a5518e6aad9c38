"""`council reseal` and terms (issue 16): a term is never re-sealed outside an amendment (a
key-less verify could not tell a re-seal that kept its text from one that changed it), so
reseal names each sealed term and whether its readers changed.

The sample seals IP-003, IP-007 and IP-012's royalty terms and the body of the data terms DS-004
to both partners.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from council.cli import app
from store.api import Change, Store, verify
from tests.test_sealed_records import make_key

KEYS = Path(__file__).resolve().parent.parent / "sample_partnership" / "keys"
TERMS = ("IP-003", "IP-007", "IP-012", "DS-004")
runner = CliRunner()


def reseal(store: Store, *extra: str) -> str:
    result = runner.invoke(app, ["reseal", "--store", str(store.root), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_reseal_names_each_term_and_whether_its_readers_changed(sample_store: Store, tmp_path: Path) -> None:
    chosen = runner.invoke(app, ["operator", "fairbairn", "--key", str(KEYS / "fairbairn"),
                                 "--store", str(sample_store.root)])
    assert chosen.exit_code == 0, chosen.output
    before = {t: sample_store.require(t).sealed for t in TERMS}
    first = json.loads(reseal(sample_store, "--json"))
    assert {t["id"]: t["readers_changed"] for t in first["terms"]} == dict.fromkeys(TERMS, False)
    assert not set(TERMS) & set(first["resealed"])
    # A Trust member's key rotates: each term's readers changed, and it is still not re-sealed.
    okafor = sample_store.require("okafor").replace(signing_key=make_key(tmp_path / "okafor2"))
    sample_store.write(Change("rotate okafor's key", [okafor]))
    said = reseal(sample_store)
    for term in TERMS:
        assert f"Not re-sealed, a term: {term} (its readers changed: re-seal it with its next amendment)" in said
        assert sample_store.require(term).sealed == before[term]
    assert "without a vote" in said
    assert verify(sample_store, full=True, save=False).ok

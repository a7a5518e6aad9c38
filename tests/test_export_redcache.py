"""Incremental export through the redaction cache and the page stamps (issue 18): planted
secrets that go through the cached path never reach the output, and an export after a
change is byte for byte the export of the same commit into a fresh directory.

Each test first exports once, so that what was public then is in the cache, then changes
the store (or the audience) so that the secret must be withheld, and exports again.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from council.records import Clause, Decision, Incident
from exports.cache import CACHE_DIR
from exports.options import ExportOptions
from exports.run import export
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at
from tests.test_export_picklelog import frames
from tests.test_sealed_records import as_reader, key_of, template  # noqa: F401 (fixtures)
from tests.test_sealed_records import store as sealed_store  # noqa: F401 (a fixture)

VOTERS = {m.id: "for" for m in MEMBERS if m.voting}
CANARY = "CANARY-redcache-5e1d"


def _record(store: Store, summary: str, *records, hour: int = 11) -> None:
    store.write(Change(summary, list(records), when=at(DAY, hour)))


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def published(out: Path) -> bytes:
    return b"".join(files(out).values())


def decision(n: int, **changes) -> Decision:
    base = dict(id=f"DEC-2026-00{n}", title=f"Decision {n}", meeting="MTG-2026-01", date=DAY, tier="low",
                moved_by="ada", votes=dict(VOTERS), motion="That it be done.")
    return Decision(**{**base, **changes})


def cached_ids(store: Store, audience: str) -> set[str]:
    entries: dict = {}
    for _context, added in frames(store.meta_dir / CACHE_DIR / f"redact-{audience}.pickle"):
        entries.update(added)  # every frame: the whole table, then what later exports added
    return {shown.id for shown, _line, _named in entries.values() if shown.withheld is None}


def export_again_equals_fresh(store: Store, out: Path, tmp_path: Path, audience: str = "public") -> None:
    """Export into ``out`` again, then into a fresh folder: the same bytes, no canary."""
    export(store, ExportOptions(out=out, audience=audience, force=True, unverified=True))
    fresh = export(store, ExportOptions(out=tmp_path / "fresh", audience=audience, unverified=True)).out
    assert files(out) == files(fresh)
    assert CANARY.encode() not in published(out)


def test_a_public_record_made_confidential_leaves_the_cache(small_store: Store, tmp_path: Path) -> None:
    _record(small_store, "record a public decision", decision(2, sensitivity="public", body=f"Why: {CANARY}."))
    out = tmp_path / "site"
    export(small_store, ExportOptions(out=out))
    assert CANARY.encode() in published(out) and "DEC-2026-002" in cached_ids(small_store, "public")
    confidential = small_store.require("DEC-2026-002").replace(sensitivity="confidential")
    _record(small_store, "make it confidential", confidential, hour=12)
    export_again_equals_fresh(small_store, out, tmp_path)
    assert "DEC-2026-002" not in cached_ids(small_store, "public")


def test_a_field_made_confidential_is_withheld_though_the_record_was_cached(small_store: Store,
                                                                             tmp_path: Path) -> None:
    _record(small_store, "record a public decision", decision(2, sensitivity="public", body=f"Why: {CANARY}."))
    out = tmp_path / "site"
    export(small_store, ExportOptions(out=out))
    hidden = small_store.require("DEC-2026-002").replace(field_sensitivity={"body": "confidential"})
    _record(small_store, "withhold its reasons", hidden, hour=12)
    export_again_equals_fresh(small_store, out, tmp_path)
    # The entry kept when the body was public is gone, not left for a later compaction.
    assert CANARY.encode() not in cache_bytes(small_store, "public")


def test_a_record_changed_but_still_public_is_appended_to_the_cache(small_store: Store, tmp_path: Path) -> None:
    _record(small_store, "record a public decision", decision(2, sensitivity="public", body="Why: first."))
    out = tmp_path / "site"
    export(small_store, ExportOptions(out=out))
    written = cache_bytes(small_store, "public")
    _record(small_store, "correct it", small_store.require("DEC-2026-002").replace(body="Why: second."), hour=12)
    export_again_equals_fresh(small_store, out, tmp_path)
    # Not rewritten whole for one change: the new redaction follows the file as it was.
    assert cache_bytes(small_store, "public").startswith(written)
    assert "DEC-2026-002" in cached_ids(small_store, "public")


def cache_bytes(store: Store, audience: str) -> bytes:
    return (store.meta_dir / CACHE_DIR / f"redact-{audience}.pickle").read_bytes()


def _publication(store: Store, public: list[str], n: int, hour: int) -> None:
    clause = store.require("5")
    assert isinstance(clause, Clause)
    amending = decision(n, title="Publication", amends=["5"], body="Because.", tier="high")
    changed = clause.replace(settings={**clause.settings, "public": public})
    store.write(Change("amend the publication clause", [amending, changed], kind="amend", decision=amending.id,
                       when=at(DAY, hour)))


def test_a_charter_change_that_hides_a_level_misses_the_cache(small_store: Store, tmp_path: Path) -> None:
    _publication(small_store, ["public", "internal"], 5, hour=10)
    _record(small_store, "record an internal decision", decision(2, sensitivity="internal", title=CANARY))
    out = tmp_path / "site"
    export(small_store, ExportOptions(out=out))
    assert CANARY.encode() in published(out) and "DEC-2026-002" in cached_ids(small_store, "public")
    _publication(small_store, ["public"], 6, hour=12)
    export_again_equals_fresh(small_store, out, tmp_path)


def test_another_audiences_cache_is_never_used(small_store: Store, tmp_path: Path) -> None:
    _record(small_store, "record an internal decision", decision(2, sensitivity="internal", title=CANARY))
    export(small_store, ExportOptions(out=tmp_path / "partners", audience="partners"))
    assert "DEC-2026-002" in cached_ids(small_store, "partners")
    folder = small_store.meta_dir / CACHE_DIR
    # Even a partners' cache put where the public one belongs is refused by its context.
    shutil.copy(folder / "redact-partners.pickle", folder / "redact-public.pickle")
    out = tmp_path / "site"
    export(small_store, ExportOptions(out=out))
    assert CANARY.encode() not in published(out)
    export_again_equals_fresh(small_store, out, tmp_path)


def test_a_record_sealed_later_is_not_published_from_the_cache(sealed_store: Store, template: Path,
                                                               tmp_path: Path) -> None:
    as_reader(sealed_store, key_of(template, "ada"))
    incident = Incident(id="INC-2026-002", title="Lost laptop", party="hosp", reported_by="ada",
                        detected_at=dt.datetime(2026, 3, 9, 9, tzinfo=dt.UTC), sensitivity="public", body=CANARY)
    _record(sealed_store, "record an incident", incident, hour=12)
    out = tmp_path / "site"
    export(sealed_store, ExportOptions(out=out, audience="partners", unverified=True))
    assert CANARY.encode() in published(out) and "INC-2026-002" in cached_ids(sealed_store, "partners")
    sealed = sealed_store.require("INC-2026-002").replace(sensitivity="confidential", readers=["hosp"])
    _record(sealed_store, "seal the incident", sealed, hour=13)
    export_again_equals_fresh(sealed_store, out, tmp_path, audience="partners")
    assert "INC-2026-002" not in cached_ids(sealed_store, "partners")


def test_a_page_edited_by_hand_is_written_again_whatever_its_mtime(small_store: Store, tmp_path: Path) -> None:
    _record(small_store, "record a decision", decision(2, sensitivity="public"))
    out = tmp_path / "site"
    export(small_store, ExportOptions(out=out))
    page = out / "decisions" / "DEC-2026-002.html"
    old = os.stat(page)
    os.utime(page, ns=(old.st_atime_ns - 10**10, old.st_mtime_ns - 10**10))  # not racy: judged by its stamp
    export(small_store, ExportOptions(out=out, force=True))  # the stamp is taken again, still trusted
    before = page.read_bytes()
    stamp = os.stat(page)
    page.write_bytes(before.replace(b"Decision 2", b"Decision X"))  # same size
    os.utime(page, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same mtime: only ctime moves
    again = export(small_store, ExportOptions(out=out, force=True))
    assert page.read_bytes() == before
    assert again.kept > 0


def test_the_caches_fingerprint_every_module_they_depend_on() -> None:
    from exports import cache

    root = Path(cache.__file__).resolve().parents[1]
    for pattern in (*cache.PARSER_SOURCES, *cache.RENDERER_SOURCES):
        assert list(root.glob(pattern)), pattern  # a path that names nothing fingerprints nothing
    assert any(p.name == "proceedings.py" for p in root.glob(cache.PARSER_SOURCES[0]))

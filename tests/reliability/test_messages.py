"""Messages about a bad file say what is wrong with it, once."""

from __future__ import annotations

import pytest

from council.errors import RecordError
from council.fileformat import parse_path, serialise
from store.audit.verify import verify
from store.service import Store
from tests.reliability.test_hand_edits import commit_by_hand


def test_a_decision_in_the_wrong_year_folder_says_the_folder_is_wrong(small_store: Store) -> None:
    from council.records import Decision
    from tests.conftest import DAY

    decision = Decision(id="DEC-2026-001", title="Fund", meeting="MTG-2026-01", date=DAY, tier="low",
                        votes={"ada": "for"})
    with pytest.raises(RecordError) as refused:
        parse_path("decisions/2025/DEC-2026-001.md", serialise(decision).encode())
    message = str(refused.value)
    assert "decisions/2025/DEC-2026-001.md" in message and "folder decisions/2026/" in message
    assert "matching the file name" not in message
    with pytest.raises(RecordError, match="an ID matching the file name"):  # a wrong name still says so
        parse_path("decisions/2026/DEC-2026-002.md", serialise(decision).encode())


def test_an_unparsable_file_fails_verify_once_not_again_as_an_index_mismatch(small_store: Store) -> None:
    root = small_store.root
    commit_by_hand(root, "members/zed.md", "+++\nid = \"zed\"\nname = 3\n+++\n", "record: appoint zed")
    small_store.close()
    reopened = Store.open(root)
    try:
        report = verify(reopened)
    finally:
        reopened.close()
    about_zed = [(f.record, f.rule) for f in report.failures if f.record == "zed"]
    assert about_zed == [("zed", "record-parses")]

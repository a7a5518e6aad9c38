"""The export's fast paths for the common value (issue 18) give what the general code gives.

Each answers the plain case first (a string, a value with nothing to convert); each
is checked here against what the general code gives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from exports import fmt
from exports.redact import plain

# Whitespace str.split() knows of, and punctuation.
AWKWARD = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\\`*_[]<>|~&#"
TEXT = st.text(alphabet=st.sampled_from(AWKWARD) | st.characters(codec="utf-8"), max_size=12)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_a_value_as_text_and_as_plain_data_are_unchanged_by_the_fast_paths(value: Any) -> None:
    if type(value) is str:
        assert fmt.text(value) == str(value)
    assert plain(value) == value
    assert type(plain(value)) is type(value)


def test_plain_still_opens_dataclasses_inside_tables() -> None:
    from council.records import Stage

    stage = Stage("negotiation", dt.date(2026, 3, 12))
    assert plain({"stages": [stage]}) == {"stages": [plain(stage)]}
    assert isinstance(plain(stage), dict) and plain(stage)["entered"] == dt.date(2026, 3, 12)

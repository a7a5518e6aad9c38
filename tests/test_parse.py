"""The one parser of what a person typed (council.parse), shared by the CLI, the TUI and the use cases."""

from __future__ import annotations

import datetime as dt

import pytest

from council.errors import RecordError
from council.parse import is_date, parse_date, parse_day, parse_moment, parse_whole, split_ids
from store import usecases
from store.service import Store


def test_a_date_is_read_or_refused_naming_where_and_the_field() -> None:
    assert parse_date("2026-04-10", "--since") == dt.date(2026, 4, 10)
    with pytest.raises(RecordError, match=r"^--since: field 'date': expected a date YYYY-MM-DD, got '2026-02-30'$"):
        parse_date("2026-02-30", "--since")
    with pytest.raises(RecordError, match=r"^--effective: field 'effective': expected a date YYYY-MM-DD"):
        parse_date("tomorrow", "--effective", "effective")


def test_a_form_date_may_be_left_empty_and_is_checked_before_sending() -> None:
    default = dt.date(2026, 3, 20)
    assert parse_day("", default) == default
    assert parse_day("2026-05-01", default) == dt.date(2026, 5, 1)
    assert is_date("2026-05-01") and not is_date("1 May") and not is_date("")


def test_a_moment_without_an_offset_is_utc() -> None:
    assert parse_moment("2026-11-21 14:30") == dt.datetime(2026, 11, 21, 14, 30, tzinfo=dt.UTC)
    assert parse_moment("2026-11-21T14:30+01:00").utcoffset() == dt.timedelta(hours=1)
    with pytest.raises(RecordError, match="INC-2026-001: field 'at': expected a date and time"):
        parse_moment("yesterday", "INC-2026-001")


def test_whole_numbers_and_id_lists() -> None:
    assert parse_whole(" 3 ", "RSK-001", "likelihood", 1, 5) == 3
    with pytest.raises(RecordError, match="RSK-001: field 'likelihood': expected a whole number from 1 to 5, got 7"):
        parse_whole("7", "RSK-001", "likelihood", 1, 5)
    assert split_ids("ada, hosp  lab") == ["ada", "hosp", "lab"]


def test_a_refused_date_is_shown_as_the_user_writes_it_never_as_python() -> None:
    error = RecordError("DUTY-001", "last_done", "a date on or after 2026-11-01", dt.date(2026, 10, 1))
    assert str(error) == "DUTY-001: field 'last_done': expected a date on or after 2026-11-01, got 2026-10-01"
    moment = RecordError("INC-1", "at", "a later time", dt.datetime(2026, 1, 1, 9, 5, tzinfo=dt.UTC))
    assert "got 2026-01-01 09:05+00:00" in str(moment) and "datetime" not in str(moment)


def test_a_use_case_refusing_a_date_names_it_in_the_users_words(small_store: Store) -> None:
    usecases.new_duty(small_store, "DUTY-001", "Bias audit", 6, dt.date(2026, 1, 1), ["ada"], "ben")
    usecases.duty_done(small_store, "DUTY-001", dt.date(2026, 11, 1))
    with pytest.raises(RecordError) as refused:
        usecases.duty_done(small_store, "DUTY-001", dt.date(2026, 10, 1))
    assert "got 2026-10-01" in str(refused.value) and "datetime.date" not in str(refused.value)


def test_a_refused_value_shows_dates_as_written_even_inside_lists() -> None:
    """'got [datetime.date(2026, 11, 1)]' was what a user read (issue 19)."""
    import datetime as dt

    from council.errors import RecordError

    error = RecordError("RSK-001", "review_date", "one date", [dt.date(2026, 11, 1)])
    assert str(error).endswith("got [2026-11-01]")
    assert "datetime" not in str(RecordError("DEC-1", "votes", "x", {"ada": dt.date(2026, 11, 1)}))

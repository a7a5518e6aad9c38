"""IP register shares: exact decimals that sum to exactly 100.

Pure functions used by the write path (council.checks) and by verify.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from council.errors import RecordError


def exact_share(value: float | int | str | Decimal) -> Decimal:
    """A share as the exact decimal that was written (33.3334, not its binary float).

    TOML gives floats; ``repr`` of a float is the shortest text that reads
    back to it, i.e. what the record file says.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))


def check_shares(owners: Mapping[str, float], parties: Iterable[str], where: str) -> None:
    """Owners are parties with positive shares, exact decimals summing to exactly 100%."""
    parties = set(parties)
    if not owners:
        raise RecordError(where, "owners", "at least one owning party", owners)
    total = Decimal(0)
    for party, share in owners.items():
        if party not in parties:
            raise RecordError(where, f"owners.{party}", "a party to the partnership: " + ", ".join(sorted(parties)), party)
        try:
            exact = exact_share(share)
        except (ValueError, ArithmeticError):
            raise RecordError(where, f"owners.{party}", "a share in percent, as a number", share) from None
        if not exact.is_finite() or not 0 < exact <= 100:
            raise RecordError(where, f"owners.{party}", "a share above 0 and at most 100 percent", share)
        total += exact
    if total != 100:
        raise RecordError(where, "owners", "shares summing to 100% exactly", f"{total.normalize():f}%")

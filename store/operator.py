"""Who operates a store: the git identity a write is made as, and the member remembered for it.

``Store.operator``, ``operator_id`` and ``set_operator`` are these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council import settings
from council.errors import RecordError, StoreError
from store.git.commits import Identity
from store.write import journal

if TYPE_CHECKING:
    from council.records import Member
    from store.service import Store


def operator(store: "Store") -> Identity:
    """Who is writing: GIT_AUTHOR_* if set (tests, scripts), else the configured member."""
    author = settings.current().author
    if author is not None:
        return Identity(*author)
    member_id = store.operator_id()
    if member_id:
        from council.records import Member  # here: reading a page of records needs no member (issue 18)

        member = store.get(member_id)
        if isinstance(member, Member):
            return Identity(member.name, member.email or f"{member.id}@council.invalid")
    raise StoreError("no operator is configured for this store: run `council operator MEMBER-ID` "
                     "to say which member you are (see `council list members`)")


def operator_id(store: "Store") -> str | None:
    """The member this store's operator said they are (``council operator``), or None."""
    path = store.meta_dir / "operator"
    return path.read_text().strip() or None if path.exists() else None


def set_operator(store: "Store", member_id: str) -> Member:
    """Remember which member operates this store (``.council/operator``)."""
    from council.records import Member

    member = store.get(member_id)
    if not isinstance(member, Member):
        raise RecordError(member_id, "id", "the ID of a member of this council" + store.case_hint(member_id),
                          member_id)
    if store.read_only:
        raise store.read_only_error("remember its operator")
    try:
        store.meta_dir.mkdir(exist_ok=True)
        journal.write_atomic(store.meta_dir / "operator", (member_id + "\n").encode())
    except OSError as exc:  # write_atomic raises StoreError; mkdir may not
        raise StoreError(f"cannot write {store.meta_dir / 'operator'}: {exc.strerror or exc}") from None
    return member

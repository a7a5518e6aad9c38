"""Replicas: clone, remotes, sync status, and `council sync` (fetch, verify, integrate, push).

Each partner holds a full replica; a shared remote (a bare repository that
accepts fast-forwards only) carries the changes.  A sync:

1. refuses to start while conflicts are pending, while record files are
   edited by hand, or while this replica itself fails `council verify`;
2. fetches the remote's ``main`` into a holding ref,
   ``refs/council/incoming/<remote>``; the main branch does not move;
3. verifies the incoming commits against the recorded history
   (:func:`check_incoming`): the remote must still hold every commit it held
   at the last sync (``refs/remotes/<remote>/main``), and every new commit
   must pass verify's rules (approved term changes, immutable votes, valid
   signatures).  A failure refuses the sync with a report naming the commit,
   the record and the rule;
4. integrates (:mod:`store.sync.replay`): a fast-forward, or our unpublished
   commits replayed on top, renumbered where IDs collide, with conflicts held;
5. verifies this replica again and pushes; a rejected push (someone pushed
   first) means fetch again.

:func:`status` answers "ahead, behind, diverged, conflicts" from what the
last sync saw, without the network (the dashboard shows it).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from council import settings
from council.errors import StoreError
from council.records import kind_of_path
from store.audit.verify import Failure, Report, load_state, save_state, verify, verify_range
from store.git import process as gitprocess
from store.git import refs, revs
from store.git.process import CHECK_OBJECTS, GitError, last_message
from store.git.revs import commit_of, is_ancestor, merge_base
from store.service import Store  # sync opens the store it clones: sync -> service, never the reverse
from store.sync import conflicts as sync_conflicts
from store.sync.replay import Integration, integrate
from store.sync.standing import SyncStatus, remotes, status  # noqa: F401  (the names sync has always had)
from store.write import handedits

INCOMING = "refs/council/incoming/"
PUSH_ATTEMPTS = 3
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z")


class SyncRefused(StoreError):
    """Incoming history fails verification: nothing moved.  Exit code 1, as for `council verify`."""

    exit_code = 1

    def __init__(self, message: str, failures: list[Failure] | None = None) -> None:
        self.failures = list(failures or [])
        lines = [message] + [f"  REFUSED {f}" for f in self.failures]
        super().__init__("\n".join(lines))


@dataclass
class SyncResult:
    remote: str
    fetched: str | None = None  # the remote's main, as fetched (None: the remote has none yet)
    integration: Integration | None = None
    pushed: str | None = None
    notes: list[str] = field(default_factory=list)


# --- git over the network ---------------------------------------------------------------


def _net(root: Path, *args: str) -> gitprocess.Finished:
    """A git command that talks to a remote: no prompts, bounded in time."""
    timeout = settings.current().net_timeout  # COUNCIL_NET_TIMEOUT
    try:
        return gitprocess.run(root, "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60", *args,
                              text=True, timeout=timeout)
    except GitError:
        raise StoreError(f"git {args[0]} gave no answer in {timeout:g} s; nothing was changed here: "
                         "run it again when the remote is reachable") from None


# --- remotes ------------------------------------------------------------------------------


def check_name(name: str) -> str:
    from council.errors import RecordError

    if not _NAME.match(name) or name.endswith((".lock", ".")) or ".." in name:
        raise RecordError("remote", "name", "a short name of letters, digits, '.', '_' or '-' (e.g. hub)", name)
    return name


def add_remote(root: Path, name: str, url: str) -> None:
    from council.errors import RecordError

    check_name(name)
    if name in dict(remotes(root)):
        raise RecordError("remote", "name", f"a name not in use ({name} is already {dict(remotes(root))[name]})", name)
    if not url.strip() or any(ch.isspace() for ch in url) or url.startswith("-"):
        raise RecordError("remote", "url", "a git URL or path (ssh://host/path.git, host:path.git, /path)", url)
    local = _local_path(url)
    if local is not None:
        if not (local / "HEAD").exists() and not (local / ".git").exists():
            raise RecordError("remote", "url", "a git repository (for a new shared remote: git init --bare PATH)", url)
        url = str(local)  # git would read a relative path from the store's directory, not from here
    gitprocess.git(root, "remote", "add", name, url)


def remove_remote(root: Path, name: str) -> None:
    from council.errors import RecordError

    if name not in dict(remotes(root)):
        raise RecordError("remote", "name", "one of the remotes (see `council remote list`)", name)
    gitprocess.git(root, "remote", "remove", name)
    refs.delete_ref(root, INCOMING + name)


def _local_path(url: str) -> Path | None:
    """The directory a local remote URL names, or None for a network URL (ssh, https, host:path)."""
    if url.startswith("file://"):
        return Path(url[len("file://"):])
    if "://" in url or re.match(r"^[^/]+:", url):
        return None
    return Path(url).expanduser().resolve()


def default_remote(root: Path, name: str | None = None) -> str:
    """``name`` if it is a remote; else the only remote, or ``origin``."""
    from council.errors import RecordError

    known = dict(remotes(root))
    if name is not None:
        if name not in known:
            raise RecordError("remote", "name", f"one of the remotes ({', '.join(known) or 'none yet'})", name)
        return name
    if len(known) == 1:
        return next(iter(known))
    if "origin" in known:
        return "origin"
    raise RecordError("remote", "name", "a remote to sync with: "
                      + (f"name one of {', '.join(known)}" if known else "add one with `council remote add NAME URL`"))


# --- sync -----------------------------------------------------------------------------------


def fetch(store: "Store", remote: str) -> str | None:
    """The remote's main, fetched into ``refs/council/incoming/<remote>``; None if it has no main yet."""
    proc = _net(store.root, *CHECK_OBJECTS, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--refmap=",
                remote, f"+refs/heads/main:{INCOMING}{remote}")
    if proc.returncode != 0:
        if "couldn't find remote ref" in proc.stderr:
            return None
        raise StoreError(f"cannot fetch from {remote}: {last_message(proc.stderr)}; nothing was changed here: "
                         "run `council sync` again when the remote is reachable")
    return commit_of(store.root, INCOMING + remote)


def check_incoming(store: "Store", theirs: str, known: str | None) -> Report:
    """Judge the commits ``theirs`` brings that this replica does not have; nothing moves."""
    root, ours = store.root, store.head
    report = Report(head=theirs)
    if known and not is_ancestor(root, known, theirs):
        report.fail(known, "history", "history-rewritten",
                    f"the remote no longer holds commit {known[:10]}, which this replica already had from it: its "
                    "history was rewritten (force-pushed or replaced). Ask the partner what happened; the hub should "
                    "refuse such pushes (receive.denyNonFastForwards=true)")
        return report
    if ours is None or is_ancestor(root, theirs, ours):
        return report
    base = merge_base(root, ours, theirs)
    if base is None:
        report.fail(theirs, "history", "history-unrelated",
                    "the incoming history shares no commit with this store: it is another council's record")
        return report
    return verify_range(root, base, theirs, _decided_before(store, base))


def _decided_before(store: "Store", base: str) -> dict:
    """The decided votes verify remembers, minus those decided in our own unpublished commits."""
    state = load_state(store.meta_dir)
    local = set(revs.rev_list(store.root, f"{base}..{store.head}"))
    return {k: v for k, v in state.get("decisions", {}).items() if v[1] not in local}


def ready(store: "Store") -> None:
    """Refuse to sync a replica that is not in a state to publish."""
    if store.read_only:
        raise StoreError(f"the store at {store.root} is read-only: it cannot be synced")
    entries = sync_conflicts.pending(store)
    if entries:
        raise StoreError(f"{len(entries)} sync conflict(s) to resolve first ({', '.join(e.id for e in entries)}): "
                         "see `council conflicts`, then `council resolve ID --ours|--theirs|--file F`")
    # A stray untracked file (notes beside the records) is left alone; edits to the record are not.
    edits = [path for what, path in handedits.worktree_changes(store) if what != "added" or kind_of_path(path)]
    if edits:
        raise StoreError(f"{edits[0]} is edited by hand and not committed: commit it through Council or discard it "
                         "(git checkout) before syncing")
    report = verify(store)
    if not report.ok:
        raise SyncRefused("this replica fails `council verify`, so it is not synced (it would publish what "
                          "fails):", report.failures)


def sync(store: "Store", remote: str | None = None, push: bool = True) -> SyncResult:
    """Fetch, verify, integrate and (unless ``push`` is False or conflicts are held) push."""
    name = default_remote(store.root, remote)
    ready(store)
    result = SyncResult(name)
    for _ in range(PUSH_ATTEMPTS):
        theirs = result.fetched = fetch(store, name)
        known = commit_of(store.root, f"refs/remotes/{name}/main")
        if theirs is None and known is not None:
            raise SyncRefused(f"{name} no longer has a main branch, though it had {known[:10]} at the last sync; "
                              "nothing was changed here and nothing was pushed:", [Failure(
                                  known, "history", "history-rewritten", "the remote's history was deleted")])
        if theirs is not None:
            result.integration = take(store, theirs, known, True)
            refs.update_ref(store.root, f"refs/remotes/{name}/main", theirs)
            if result.integration.conflicts:
                result.notes.append("not pushed: resolve the conflicts first, then sync again")
                return result
        head = store.head
        if not push or head is None or head == theirs:
            return result
        if send(store, name):
            result.pushed = head
            return result
        result.notes.append(f"{name} moved while we synced: fetching again")
    raise StoreError(f"{name} kept moving while we synced ({PUSH_ATTEMPTS} tries); what was integrated is safe "
                     "here: run `council sync` again")


def take(store: "Store", theirs: str, known: str | None, published: bool) -> Integration:
    """Verify ``theirs``, integrate it and verify this replica again (sync and bundle apply)."""
    report = check_incoming(store, theirs, known)
    if not report.ok:
        raise SyncRefused(f"the incoming history ({theirs[:10]}) fails verification; nothing was changed here "
                          f"(this replica stays at {str(store.head)[:10]}):", report.failures)
    before = store.head
    integration = integrate(store, theirs, published)
    head = store.head
    if before and head and not is_ancestor(store.root, before, head):
        # Our unpublished commits were replayed: verify goes on from the base both sides share.
        _rebase_verified(store, merge_base(store.root, before, head) or head, before)
    after = verify(store)
    if not after.ok:
        raise SyncRefused("after integrating, this replica fails `council verify`; nothing was pushed:",
                          after.failures)
    return integration


def _rebase_verified(store: "Store", base: str, old_tip: str) -> None:
    """Our replayed commits left the history: verify restarts from the shared base for them."""
    state = load_state(store.meta_dir)
    if not state or not state.get("commit"):
        return
    gone = set(revs.rev_list(store.root, f"{base}..{old_tip}"))
    decided = {k: v for k, v in state.get("decisions", {}).items() if v[1] not in gone}
    # The index's edit mark stands: the rows the replay rewrote were written by the index itself.
    save_state(store.meta_dir, base, decided, state.get("index_mark"))


def send(store: "Store", remote: str) -> bool:
    """Push main; False if the remote refused a non-fast-forward (it moved: fetch again)."""
    head = store.head
    proc = _net(store.root, "push", "--porcelain", "--quiet", remote, "refs/heads/main:refs/heads/main")
    if proc.returncode == 0:
        refs.update_ref(store.root, f"refs/remotes/{remote}/main", str(head))
        return True
    text = proc.stdout + proc.stderr
    if "[rejected]" in text or "non-fast-forward" in text or "fetch first" in text:
        return False
    raise StoreError(f"cannot push to {remote}: {last_message(proc.stderr or proc.stdout)}; this replica's commits "
                     "are safe here: run `council sync` again when the remote is reachable")


# --- clone ------------------------------------------------------------------------------------


def clone(url: str, dest: Path) -> Report:
    """A new replica of the store at ``url`` in ``dest``: cloned, indexed and verified before use.

    The clone is made beside ``dest`` and renamed into place only once
    `council verify` passes on it, so a refused clone leaves nothing behind.
    """
    dest = Path(dest).expanduser()
    local = _local_path(url)
    if local is not None and not url.startswith("file://"):
        url = str(local)  # git clones from dest's parent: a relative path must not change meaning
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StoreError(f"{dest} exists and is not empty; choose a new directory")
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Absolute: git runs in dest's parent, where a relative ../beta would mean ../../beta.
    work = dest.parent.absolute() / f".{dest.name}.council-clone-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        report = _clone_into(url, work)
        if dest.exists():
            dest.rmdir()
        os.replace(work, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report


def _clone_into(url: str, work: Path) -> Report:
    proc = _net(work.parent, *CHECK_OBJECTS, "clone", "--quiet", "--no-tags", "--branch", "main", "--", url, str(work))
    if proc.returncode != 0:
        reason = last_message(proc.stderr)
        if "not found in upstream" in proc.stderr or "Remote branch main" in proc.stderr:
            reason = ("it holds no council record yet (no main branch): create a store with `council init`, "
                      "add this remote to it and `council sync` it there first")
        raise StoreError(f"cannot clone {url}: {reason}; nothing was created")
    gitprocess.configure_store(work)
    # A fresh clone has nothing to recover and no index yet: verify builds it from the records
    # its walk parses, so that each is parsed once (issue 18), then checks it like any index.
    store = Store.open(work, recover=False)
    try:
        report = verify(store, fsck=True, full=True, reindex=True)
    finally:
        store.close()
    if not report.ok:
        raise SyncRefused(f"the history at {url} fails `council verify`, so no replica was made:", report.failures)
    return report

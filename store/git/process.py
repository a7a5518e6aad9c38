"""Running git: the one place in Council that starts a git process.

Every call gets the same environment (no terminal prompts, the C locale, so
that messages can be matched), runs in the repository it is given, and never
reads from the caller's terminal.  :func:`git` is for commands whose failure
is an error; :func:`run` hands back the finished process for the callers
that judge git's exit code and messages themselves (fetch, push, bundles);
:func:`stream` reads a long output (``git log``) as it is produced, so a
reader that stops early stops git too.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Generator
from pathlib import Path
from typing import cast

from council.errors import StoreError

# The settings every store's repository gets (``council init`` and clone).
STORE_CONFIG = (("core.fsync", "all"), ("core.splitIndex", "true"), ("index.version", "4"),
                ("gc.auto", "0"), ("core.quotePath", "false"), ("receive.denyCurrentBranch", "updateInstead"))


# Options for commands that receive objects (fetch, clone): git checks every object it takes in.
CHECK_OBJECTS = ("-c", "fetch.fsckObjects=true", "-c", "transfer.fsckObjects=true")
Finished = subprocess.CompletedProcess  # what run() returns: args, returncode, stdout, stderr


class GitError(StoreError):
    """A git command failed; ``stderr`` holds what git said."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


def environment() -> dict[str, str]:
    """The environment git runs in: never prompting, messages in the C locale."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def git(cwd: Path, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    """Run git in ``cwd``; its output.  Raise :class:`GitError` on failure (unless not ``check``)."""
    proc = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, env=environment())
    if check and proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {args[0]} failed in {cwd}: {msg}", msg)
    return proc.stdout


def run(cwd: Path, *args: str, input: bytes | None = None, text: bool = False,
        timeout: float | None = None) -> Finished:
    """Run git in ``cwd`` and return the finished process, whatever its exit code.

    With ``timeout`` (seconds) a git that gives no answer in time raises
    :class:`GitError`; stdin is closed unless ``input`` is given, so git can
    never wait for the user.
    """
    stdin = None if input is not None else subprocess.DEVNULL
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=input, stdin=stdin, capture_output=True,
                              text=text, env=environment(), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} gave no answer in {timeout:g} s") from None


def succeeds(cwd: Path, *args: str) -> bool:
    """Whether git exits 0 (for questions git answers with its exit code)."""
    return run(cwd, *args).returncode == 0


def stream(cwd: Path, *args: str) -> Generator[bytes, None, None]:
    """git's stdout in chunks, as git writes it; closing the iterator early stops git.

    Raises :class:`GitError` once the output is read if git failed.
    """
    proc = subprocess.Popen(["git", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=environment())
    assert proc.stdout is not None and proc.stderr is not None
    out = cast(io.BufferedReader, proc.stdout)  # unbuffered pipes are BufferedReaders: read1 returns what is there
    finished = False
    try:
        while chunk := out.read1(1 << 16):
            yield chunk
        finished = True
    finally:
        if not finished:
            proc.kill()
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace").strip()
        proc.stderr.close()
        code = proc.wait()
    if code != 0:
        raise GitError(f"git {args[0]} failed in {cwd}: {err}", err)


def records(cwd: Path, separator: bytes, *args: str) -> Generator[str, None, None]:
    """git's output split at ``separator`` (decoded), streamed: for ``git log`` with a record mark."""
    pending = b""
    for chunk in stream(cwd, *args):
        pending += chunk
        *done, pending = pending.split(separator)
        yield from (raw.decode("utf-8", "replace") for raw in done if raw)
    if pending:
        yield pending.decode("utf-8", "replace")


def last_message(text: str) -> str:
    """git's last line of output, without its ``fatal:``/``error:`` prefix: the reason to show a user."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].removeprefix("fatal: ").removeprefix("error: ") if lines else "no reason given"


def init_repo(path: Path) -> None:
    """Make ``path`` a git repository set up for a store."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    configure_store(path)


def configure_store(path: Path) -> None:
    """Give the repository at ``path`` the settings a store relies on (durability, quoting, pushes)."""
    for key, value in STORE_CONFIG:
        git(path, "config", key, value)


def write_commit_graph(root: Path) -> str:
    """Write git's commit-graph with changed-path Bloom filters; git's message if it failed, else ''.

    Without it a record's history (``git log -- path``) walks every commit, seconds in a
    100,000-commit store; with it, a fraction of a second.
    """
    try:
        git(root, "commit-graph", "write", "--reachable", "--changed-paths", "--split")
    except GitError as exc:
        return str(exc)
    return ""


def config_get(cwd: Path, key: str) -> str:
    """A git setting as git resolves it for ``cwd`` ('' when unset)."""
    return run(cwd, "config", key, text=True).stdout.strip()

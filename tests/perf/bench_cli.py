"""The CLI's reads, each a whole process timed from its start: ``--help``, ``show``, ``list``
beside ``python -c 'import typer'``; ``history ID`` beside ``git log -- PATH``."""

from __future__ import annotations

from collections.abc import Callable

from tests.perf import anchors
from tests.perf.measure import Figure, Sample, checked, child_env, council_cmd, git, paired, runs_for
from tests.perf.sizes import Sized


def _council(s: Sized, *args: str) -> Callable[[], Sample]:
    env = child_env(s.scratch)
    return lambda: checked([*council_cmd(), *args], env).sample


def bench_cli(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    env = child_env(s.scratch)

    def typer() -> Sample:
        return anchors.import_typer(env)

    n = runs_for(repeat, fast=True)
    store = ["--store", str(s.work)]
    _council(s, "--help")()  # warm the page cache: every figure below is a warm start
    newest = _newest_decision(s)
    return {
        "help": paired(_council(s, "--help"), typer, n, slow, "council --help"),
        "show": paired(_council(s, "show", newest, *store), typer, n, slow, f"council show {newest}"),
        "list": paired(_council(s, "list", "decisions", *store), typer, n, slow, "council list decisions"),
    }


def bench_history(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    env = child_env(s.scratch)
    path = record_file(s, s.hot)
    return {"history": paired(_council(s, "history", s.hot, "--store", str(s.work)),
                              lambda: anchors.git_log_path(s.work, path, env), runs_for(repeat, fast=True),
                              slow, f"council history {s.hot} beside git log -- {path}")}


def record_file(s: Sized, record_id: str) -> str:
    """The path of a record's file in the work tree (``4.2`` -> ``charter/4.2.md``)."""
    names = [p for p in git(s.work, "ls-files").splitlines() if p.rsplit("/", 1)[-1] == f"{record_id}.md"]
    if not names:
        raise RuntimeError(f"no file for record {record_id} in the store")
    return names[0]


def _newest_decision(s: Sized) -> str:
    files = sorted(p for p in git(s.work, "ls-files", "decisions").splitlines() if p.endswith(".md"))
    if not files:
        raise RuntimeError("the store holds no decision to show")
    return files[-1].rsplit("/", 1)[-1][:-3]

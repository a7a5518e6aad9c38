"""Which modules register each top-level command, so one command imports only its own.

Importing every command module costs about 20 ms of CPU (issue 18): more than
`council show ID` spends reading its record.  The console script imports the
modules named here for the command on its command line, and all of them
(``council.cli``) for anything else: ``--help``, a mistyped name (whose
suggestion needs every name).  ``tui`` loads its own module alone, so the
app's first frame does not wait for every command's module.
``tests/test_lazy_group.py`` checks this table against what the modules register, so a new command that is not
here fails a test, never a user (it would still run, through ``council.cli``).
"""

from __future__ import annotations

import importlib

_C = "council.commands."

# top-level name -> the modules whose commands it holds (a group's own and any
# that add sub-commands to it).
MODULES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("motion", "vote", "minutes"), (_C + "meetings",)),
    "meeting": (_C + "meetings", _C + "documents"),
    "search": (_C + "documents",),
    **dict.fromkeys(("new", "edit", "apply"), (_C + "editing",)),
    **dict.fromkeys(("show", "list", "reindex", "verify", "operator", "export"), (_C + "records",)),
    "exit": (_C + "exits", _C + "records"),
    "init": (_C + "founding",),
    **dict.fromkeys(("history", "diff", "blame", "terms", "evidence", "keys"), (_C + "history",)),
    **dict.fromkeys(("decide", "dataset"), (_C + "register_updates",)),
    **dict.fromkeys(("risk", "incident", "duty"), (_C + "registers", _C + "register_updates")),
    **dict.fromkeys(("dispute", "action"), (_C + "registers",)),
    "reseal": (_C + "sealing",),
    **dict.fromkeys(("clone", "sync", "conflicts", "resolve", "remote", "bundle"), (_C + "sync",)),
    "amend": (_C + "amendments",),
    "artifact": (_C + "artifacts",),
    "member": (_C + "members",),
    "release": (_C + "releases",),
    "resolution": (_C + "resolutions",),
    "tui": (_C + "terminal",),
}


def load_for(args: list[str]) -> None:
    """Register the commands ``council ARGS`` may run: its own command's modules, or every one."""
    modules = MODULES.get(args[0]) if args else None
    if modules is None:
        from council.cli import register_all

        register_all()
        return
    for module in modules:
        importlib.import_module(module)

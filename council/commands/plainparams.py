"""Plain coercion for the CLI's plain parameters, so pydantic is not imported to parse them.

Typer 0.29 coerces every parameter through a pydantic ``TypeAdapter``,
built on first use: importing pydantic and building the adapters cost 0.1 s
of CPU in every command (``council show`` spent 96 ms in ``typer._adapters``
of its 0.9 s; issue 18).  The values click hands over are strings, and for a
plain ``str``, ``Path`` (checked by Typer's own path check), ``list[str]``, a
flag's ``True``/``False`` and an ``int`` in plain digits within its range, what the adapter
makes of them is plain too: those are coerced here.  Anything else
(``--limit 2.0``, a range, a choice, a custom parser, another annotation)
goes to Typer's own coercion, built when first needed, so its answers and
its error messages are unchanged; a Typer without the hook coerces
everything as it always has.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

try:  # Typer's runtime-coercion contract (0.29): private names, so their absence is allowed for
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - another Typer: it coerces as it always has
    RuntimeParam = None  # type: ignore[assignment,misc]

TYPER = object()  # "not a plain value: let Typer coerce it"
Coerce = Callable[[Any, Any, Any, Any], Any]  # (value, parameter_info, param, ctx) -> value or TYPER


def _str(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    return value if isinstance(value, str) else TYPER


def _path(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    # Typer's own check (exists, file_okay, resolve_path...), given a Path so that it
    # does not build a pydantic adapter to make one.
    if not isinstance(value, (str, Path)):
        return TYPER
    return coerce_cli_path(Path(value), info, path_type=info.path_type or Path, param=param, ctx=ctx)


def _bool(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    return value if isinstance(value, bool) else TYPER


def _int(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):  # a default, as declared
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return TYPER
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if (low is not None and number < low) or (high is not None and number > high):
        return TYPER  # out of range: Typer's message (or its clamp) answers it
    return number


def _leaf(annotation: Any, info: Any) -> Coerce | None:
    """How to coerce one value of this annotation, or None to leave it to Typer."""
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        # Only ``X | None``: None itself never reaches _coerce_value (RuntimeParam.coerce answers it).
        return _leaf(rest[0], info) if len(rest) == 1 else None
    if annotation is Path and info.path_type in (None, Path):
        return _path
    if info.path_type is not None:
        return None
    return {str: _str, bool: _bool, int: _int}.get(annotation)


def _coercer(annotation: Any, info: Any) -> Coerce | None:
    if getattr(info, "parser", None) is not None:
        return None
    ranged = getattr(info, "min", None) is not None or getattr(info, "max", None) is not None
    if ranged and annotation not in (int, int | None):
        return None  # a ranged float: Typer's
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        one = _leaf(item, info) if item is str else None
        if one is None:
            return None

        def each(value: Any, info: Any, param: Any, ctx: Any) -> Any:
            items = value if isinstance(value, (list, tuple)) else [value]
            got = [one(v, info, param, ctx) for v in items]
            return TYPER if any(g is TYPER for g in got) else got

        return each
    return _leaf(annotation, info)


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        """A parameter coerced by a plain function, or by Typer's adapter when not plain."""

        fn: Coerce = _str

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            got = self.fn(value, self.parameter_info, param, ctx)
            if got is TYPER:
                return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)
            return got


def install(params: list[Any]) -> None:
    """Give each plain parameter of a command its plain coercion (Typer builds the others on use)."""
    if RuntimeParam is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or not hasattr(param, "_runtime_param") or descriptor.file_annotation is not None:
            continue
        fn = _coercer(descriptor.annotation, descriptor.parameter_info)
        if fn is not None:
            param._runtime_param = PlainParam(parameter_info=descriptor.parameter_info,
                                              annotation=descriptor.annotation, fn=fn)

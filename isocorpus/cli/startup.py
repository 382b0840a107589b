"""Start-up: let typer parse plain options without importing pydantic.

(The other start-up saving of the command line, importing only the command module that
runs, is ``app.load_commands`` in ``isocorpus/cli/__init__.py``.)

Typer (0.2x) coerces every parameter through a pydantic ``TypeAdapter``, built the first time
the parameter is processed, even when it was not given: importing pydantic and building the
adapters costs more than the rest of ``isocorpus list`` on the bundled corpus. A parameter
left at its default, a string, or a list of strings needs none of that, so ``lighten``
gives each parameter a coercion that answers those cases itself and hands anything else
(an enum choice, a number) to typer's own, built then. With a typer that coerces otherwise,
``lighten`` changes nothing.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args, get_origin

try:  # typer's coercion layer (private): present in typer 0.2x, absent before
    from typer._coercion import RuntimeParam, build_runtime_param
except ImportError:  # pragma: no cover - older typer: nothing to lighten
    RuntimeParam = None  # type: ignore[assignment,misc]


def lighten(command: Any, ctx: Any) -> None:
    """Give the command's parameters a coercion that needs pydantic only for unusual values.

    ``ctx`` is the context the command runs in or under: the help option, made on demand
    from its names, is one of the parameters.
    """
    if RuntimeParam is None or command is None:
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        param._runtime_param = _LightParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)


if RuntimeParam is not None:

    class _LightParam(RuntimeParam):
        """Strings, lists of strings and enum members as they come; anything else by typer's own.

        ``RuntimeParam.coerce`` answers a missing value (``None``, or ``()`` for a list) before
        it calls ``_coerce_value``: that is the case that matters for start-up.
        """

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = getattr(self.parameter_info, "parser", None) is None  # no custom parser
            annotation = self.annotation
            is_enum = isinstance(annotation, type) and issubclass(annotation, Enum)
            if plain and is_enum and isinstance(value, annotation):
                return value  # an enum default (``--format`` left alone)
            member = _enum_member(annotation, value) if plain else None
            if member is not None:
                return member  # an enum's own reading of a name (``--in paragraphs``: ``_missing_``)
            if plain and self.annotation is str and isinstance(value, str):
                return value
            if plain and self.annotation == list[str] and isinstance(value, (list, tuple)):
                if all(isinstance(item, str) for item in value):
                    return list(value)
            if plain and get_origin(annotation) is list and isinstance(value, (list, tuple)):
                (item,) = get_args(annotation)
                members = [_enum_member(item, v) for v in value]
                if members and all(m is not None for m in members):
                    return members
            real = build_runtime_param(param.type_descriptor)
            param._runtime_param = real
            return real._coerce_value(value, param=param, ctx=ctx)


def _enum_member(annotation: Any, value: Any) -> Enum | None:
    """``annotation(value)`` when ``annotation`` is an enum that reads ``value`` (its ``_missing_``
    included), else None (typer's own coercion then says what is wrong)."""
    if not (isinstance(annotation, type) and issubclass(annotation, Enum) and isinstance(value, str)):
        return None
    try:
        return annotation(value)
    except ValueError:
        return None

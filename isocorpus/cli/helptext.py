"""Help text without Python types: ``FILE``, not ``FILE <list[str]>``; ``PATTERN``, not ``{PATTERN}``.

Typer (0.2x) writes an argument's type after its name in the help (``<str>``, ``<list[str]>``)
and a required one in braces in the usage line. ``tidy`` gives each argument of a command a
plain name in both; options keep their choices (``<table|tsv|csv>``) or their metavar.
"""

from __future__ import annotations

from typing import Any


def tidy(command: Any) -> None:
    """Plain argument names in ``command``'s usage line and help (once; a command without params is left alone)."""
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", None) != "argument" or getattr(param, "_tidy", False):
            continue
        name = param.metavar or param.name.upper()
        many = param.nargs != 1
        param.display_type_rich = _no_type
        param.display_type = _no_type
        usage = name if param.required else f"[{name}]"
        param._usage_display_name = _fixed(usage + ("..." if many else ""))
        param._tidy = True


def _no_type(ctx: Any = None) -> str:
    return ""


def _fixed(text: str) -> Any:
    return lambda: text

"""``--color`` (every command) and ``--no-pager`` (the commands that page), declared once here.

A command takes them as ``color: ColorChoice = COLOR`` and ``no_pager: bool = NO_PAGER``; they
take effect as they are parsed (the values never reach the command). The colour choice goes to
``render.console``; a command that pages calls ``page()`` once it is about to write, and
``IsocorpusGroup`` ends the pager when the command ends, however it ends.
"""

from __future__ import annotations

from typing import Any

import typer

from ..render.console import ColorChoice, set_color

_wanted = {"pager": True}


def _set_color(value: ColorChoice | None) -> None:
    set_color(ColorChoice(value or "auto"))


def _set_no_pager(value: bool) -> None:
    _wanted["pager"] = not value


COLOR: Any = typer.Option(
    ColorChoice.auto,
    "--color",
    help="When to style output: auto (on a terminal; no colour when NO_COLOR is set, colour even piped "
    "when FORCE_COLOR is), always, never.",
    callback=_set_color,
    expose_value=False,
)
NO_PAGER: Any = typer.Option(
    False,
    "--no-pager",
    help="Do not page output on a terminal (the pager: $ISOCORPUS_PAGER, else $PAGER, else less -FRX).",
    callback=_set_no_pager,
    expose_value=False,
)


def page() -> bool:
    """Send the rest of stdout to the pager, on a terminal and unless ``--no-pager``; whether it did."""
    if not _wanted["pager"]:
        return False
    from ..render.pager import start_pager

    return start_pager()


def end_output() -> None:
    """End the pager, if one runs (it shows the rest and waits for the user), and reset the choices."""
    from ..render.pager import stop_pager

    stop_pager()
    set_color(ColorChoice.auto)
    _wanted["pager"] = True

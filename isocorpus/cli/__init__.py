"""The ``isocorpus`` command: a thin adapter from options to the core and a renderer.

Errors become exit codes in one place, ``status.handle``: ``IsocorpusGroup.invoke`` hands it
what a command raised, ``main`` what is left (usage errors, the last flush of stdout). Option
declarations are ``params``; each command is a module ``<name>_cmd`` (``commands.MODULES``)
that wires options to the core (``isocorpus.pipeline``) and a renderer. Command modules
import the heavy parts (rich, sqlite-utils) inside their functions, so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import IsocorpusError
from .helptext import tidy
from .output import end_output
from .startup import lighten
from .status import ExitStatus, handle

#: click's usage errors (a bad value, an unknown option or command), as typer's click names them.
_USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]


class IsocorpusGroup(TyperGroup):
    """Runs a command, turning core errors and interrupts into one line and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        lighten(self, ctx)  # start-up: no pydantic for plain options
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        lighten(command, ctx)  # start-up: no pydantic for plain options
        tidy(command)  # no Python types in the help
        return command

    def invoke(self, ctx: Any) -> Any:
        from .feedback import unreadable_inputs

        unreadable_inputs()  # a run starts with none
        try:
            try:
                result = super().invoke(ctx)
            except typer.Exit:
                if unreadable_inputs():  # an input could not be read, the rest was: fail at the end
                    raise typer.Exit(ExitStatus.ERROR) from None
                raise
            finally:
                from ..render.progress import close_progress_bars
                from .diagnostics import LOG

                close_progress_bars()  # before an error or an interrupt is reported
                end_output()  # the pager shows the rest before an error line is printed
                LOG.summarise()  # the warnings not shown, counted
            if unreadable_inputs():
                raise typer.Exit(ExitStatus.ERROR)
            return result
        except (IsocorpusError, KeyboardInterrupt, OSError, _USAGE_ERROR) as exc:
            # Caught here too, not only in ``main``: click's own handlers (tests' CliRunner,
            # standalone mode) would turn an interrupt or a closed pipe into exit 1.
            code = handle(exc)
            if code is None:  # pragma: no cover - every one of these has a status
                raise
            raise typer.Exit(code) from None


class _Typer(typer.Typer):
    """The app, whose command modules (``commands.MODULES``) are imported when first needed.

    ``main`` asks for the one command it runs; the first read of ``registered_commands``
    before that (``--help``, tests) imports them all.
    """

    _loaded = False

    @property
    def registered_commands(self) -> list[Any]:
        if not self._loaded:
            self.load_commands()
        return self._registered

    @registered_commands.setter
    def registered_commands(self, value: list[Any]) -> None:
        self._registered = value

    _all = False

    def load_commands(self, command: str | None = None) -> None:
        """Import the module of ``command`` (all of them when it names none).

        A later call for another command imports that one too (``main()`` run twice in one
        process, as the in-process terminal tests do); once all are loaded, nothing more.
        """
        if self._all:
            return
        from .commands import MODULES, load

        self._loaded = True  # first: a module registering its command reads registered_commands
        self._all = command is None or f"{command}_cmd" not in MODULES
        load(command)


app = _Typer(
    cls=IsocorpusGroup,
    name="isocorpus",
    help="Turn feed-reader dumps into articles: list, grep, show, export, timeline, stats.\n\n"
    "With no FILE, every command reads the bundled corpus (21 SocialistWorker.org articles, 2019).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"isocorpus {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn feed-reader dumps into articles: list, grep, show, export, timeline, stats."""


def main() -> None:
    """Entry point of the console script and of ``python -m isocorpus``."""
    args = sys.argv[1:]
    app.load_commands(args[0] if args else None)  # start-up: only the command that runs
    try:
        code = app(prog_name="isocorpus", standalone_mode=False)
        sys.stdout.flush()
    except Exception as exc:  # click's usage errors, the last flush of stdout
        code = handle(exc)
        if code is None:
            raise
    except KeyboardInterrupt as exc:
        code = handle(exc)
    sys.exit(code if isinstance(code, int) else ExitStatus.OK)

"""The ``isocorpus`` command: a thin adapter from options to the core and a renderer.

This is the one place where errors become exit codes: ``IsocorpusGroup.invoke`` turns an
``IsocorpusError`` into ``isocorpus: error: …`` on stderr and exit 2, an interrupt into exit
130; ``main`` also ends quietly when stdout is a closed pipe. Command modules import the
heavy parts (rich, sqlite-utils) inside their functions, so ``--help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import IsocorpusError
from .startup import lighten

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class IsocorpusGroup(TyperGroup):
    """Runs a command, turning core errors and interrupts into one line and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        lighten(self, ctx)  # start-up: no pydantic for plain options
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        lighten(command, ctx)  # start-up: no pydantic for plain options
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                from .diagnostics import LOG
                from .options import close_progress_bars

                close_progress_bars()
                LOG.summarise()
        except IsocorpusError as exc:
            from ..render.safe import visible

            print(f"isocorpus: error: {visible(str(exc))}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print("isocorpus: interrupted", file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (``isocorpus list | head -1``): stop quietly. Caught here,
            # because click's own handler would turn it into exit 1 (grep's "no match").
            _quiet_pipe()
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:
            # Inputs and -o files name themselves (InputError, OutputError): what is left is
            # stdout failing (a full disk, a device that takes nothing).
            _output_failed(exc)
            raise typer.Exit(EXIT_ERROR) from None


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

    def load_commands(self, command: str | None = None) -> None:
        """Import the module of ``command`` (all of them when it names none); once."""
        if self._loaded:
            return
        self._loaded = True
        from .commands import load

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
    except BrokenPipeError:
        _quiet_pipe()
        code = EXIT_OK
    except OSError as exc:  # the last flush of stdout
        _output_failed(exc)
        code = EXIT_ERROR
    except KeyboardInterrupt:
        print("isocorpus: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        print("isocorpus: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except Exception as exc:  # click's usage errors
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        code = getattr(exc, "exit_code", EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _output_failed(exc: OSError) -> None:
    from ..render.safe import visible

    reason = exc.strerror or str(exc)
    where = exc.filename if isinstance(exc.filename, str) else "stdout"
    print(f"isocorpus: error: {visible(where)}: {reason[:1].lower()}{reason[1:]}", file=sys.stderr)
    _quiet_pipe()  # what stdout still holds is dropped, or Python's last flush fails again


def _quiet_pipe() -> None:
    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

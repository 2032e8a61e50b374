"""The ``clausewitz`` console script: assembles the commands and owns the exit-code policy.

Exit codes: 0 success, 2 invalid input or usage, 1 internal error. A user-caused problem is
never shown as a traceback; ``--debug`` (or ``CLAUSEWITZ_DEBUG=1``) shows one for internal errors.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys

import click
import typer
import typer.exceptions
from rich.console import Console
from rich.markup import escape
from typer._click import exceptions as typer_click_exceptions

from clausewitz import __version__
from clausewitz.errors import UserError

# Each module under clausewitz.cli.commands defines ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "check",
    "schema",
    "scenarios",
    "evidence",
    "run",
    "compare",
    "optimize",
    "battle",
    "fit",
    "war_endings",
    "engagement",
    "validate",
    "query",
    "sweep",
    "sensitivity",
    "bench",
    "backtest",
    "calibrate",
)

app = typer.Typer(
    name="clausewitz",
    help="Campaign analysis: sourced scenarios, day-by-day simulation, strategy comparison.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

err_console = Console(stderr=True)

# The installed Typer ships its own copy of Click, whose exception classes are not Click's:
# both families are caught, so a usage error exits 2 whichever copy raised it.
_CLICK_ERRORS: tuple[type[Exception], ...] = (
    click.ClickException,
    typer_click_exceptions.ClickException,
)
_EXITS: tuple[type[BaseException], ...] = (click.exceptions.Exit, typer.exceptions.Exit)
_ABORTS: tuple[type[BaseException], ...] = (click.exceptions.Abort, typer.exceptions.Abort)
_state = {"debug": bool(os.environ.get("CLAUSEWITZ_DEBUG"))}


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"clausewitz {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on internal errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
    ),
) -> None:
    """clausewitz: write a campaign down with sourced evidence, simulate it, compare strategies."""
    if debug:
        _state["debug"] = True


for _mod in COMMAND_MODULES:
    importlib.import_module(f"clausewitz.cli.commands.{_mod}").register(app)


def _one_line_summaries(typer_app: typer.Typer) -> None:
    """Give each command the first paragraph of its docstring, on one line, as the summary
    ``clausewitz --help`` lists: Typer would otherwise keep the docstring's line breaks there
    and break each summary mid-sentence."""
    for info in typer_app.registered_commands:
        doc = info.help or (info.callback.__doc__ if info.callback else None)
        if info.short_help is None and doc:
            first = inspect.cleandoc(doc).partition("\n\n")[0]
            info.short_help = " ".join(first.split())


_one_line_summaries(app)


def run(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map every failure to the documented exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args:
        _state["debug"] = True
    try:
        code = app(args=args, standalone_mode=False)
    except UserError as exc:
        msg = escape(str(exc))
        err_console.print(f"[bold red]error:[/] {msg}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except _EXITS as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except _ABORTS:
        err_console.print("aborted")
        return 130
    except _CLICK_ERRORS as exc:
        exc.show()  # type: ignore[attr-defined]
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # internal error: never a raw traceback unless asked
        if _state["debug"]:
            err_console.print_exception()
        else:
            err_console.print(
                f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))}\n"
                "This is a bug in clausewitz; re-run with --debug to see the traceback.",
                highlight=False,
            )
        return 1
    # Out of standalone mode Typer returns an exit's code instead of exiting, and turns Ctrl-C
    # into an exit with code 130: that code must reach the shell, not a 0.
    if isinstance(code, int) and code:
        if code == 130:
            err_console.print("interrupted")
        return code
    return 0


def main() -> None:
    """Console-script shim."""
    sys.exit(run())


if __name__ == "__main__":
    main()

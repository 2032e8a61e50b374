"""Usage errors exit 2 with Click's own message, for every command (issue case 4)."""

from __future__ import annotations

import typing

import pytest
import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from clausewitz.cli.main import app, run


def _commands() -> dict[str, typing.Any]:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return dict(group.commands)


COMMANDS = sorted(_commands())


def _integer_options(name: str) -> list[TyperOption]:
    cmd = _commands()[name]
    assert cmd.callback is not None
    hints = typing.get_type_hints(cmd.callback)
    return [
        p
        for p in cmd.params
        if isinstance(p, TyperOption) and hints.get(p.name or "") in (int, int | None)
    ]


# Chosen up front rather than skipped: a command without integer options or required
# arguments has nothing to test here, and a skip would hide a command that lost them.
WITH_INTEGERS = [name for name in COMMANDS if _integer_options(name)]
WITH_REQUIRED = [name for name in COMMANDS if any(p.required for p in _commands()[name].params)]


def _call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_every_registered_command_is_covered() -> None:
    assert len(COMMANDS) >= 14
    assert {"run", "compare", "sweep", "backtest"} <= set(WITH_INTEGERS)
    assert {"run", "compare", "check", "backtest"} <= set(WITH_REQUIRED)


@pytest.mark.parametrize("name", COMMANDS)
def test_unknown_option_exits_2(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _call([name, "--no-such-option-xyz"], capsys)
    assert code == 2, text
    assert "No such option" in text
    assert "This is a bug" not in text


@pytest.mark.parametrize("name", WITH_INTEGERS)
def test_bad_integer_exits_2(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    cmd = _commands()[name]
    ints = _integer_options(name)
    args = ["x" for p in cmd.params if isinstance(p, TyperArgument)]
    for value in ("abc", "1.5"):
        code, text = _call([name, *args, ints[0].opts[0], value], capsys)
        assert code == 2, text
        assert "Invalid value" in text
        assert "This is a bug" not in text


@pytest.mark.parametrize("name", WITH_REQUIRED)
def test_missing_argument_exits_2(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _call([name], capsys)
    assert code == 2, text
    assert "Missing" in text
    assert "This is a bug" not in text


@pytest.mark.parametrize("argv", [[], ["no-such-command"], ["--no-such-root-option"]])
def test_no_or_unknown_command_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _call(argv, capsys)
    assert code == 2, text
    assert "This is a bug" not in text
    assert "Usage" in text


def test_help_and_version_still_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert _call(["--help"], capsys)[0] == 0
    code, text = _call(["--version"], capsys)
    assert code == 0 and "clausewitz" in text

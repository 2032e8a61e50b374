"""Backtests: forecast a scenario from its knowledge date with only what was known then, and
score the forecast against what happened, beside naive forecasts (``docs/backtest.md``)."""

from clausewitz.backtest.api import BacktestResult, run_backtest

__all__ = ["BacktestResult", "run_backtest"]

"""The one progress bar of the commands: Rich on a terminal, nothing elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressBar:
    """A bar that is either set (``set(done, total, text)``) or advanced
    (``advance(n, more)``, for work whose total grows, such as sequential batches)."""

    def __init__(self, bar: Progress, task: TaskID) -> None:
        self._bar = bar
        self._task = task

    def set(self, done: float, total: float, text: str = "") -> None:
        """``done`` of ``total`` finished; ``text`` says what is being done."""
        self._bar.update(self._task, completed=done, total=total, text=text)

    def advance(self, n: int, more: int = 0) -> None:
        """``n`` more finished and ``more`` added to the total."""
        task = self._bar.tasks[0]
        self._bar.update(self._task, advance=n, total=(task.total or 0) + more)


@contextmanager
def progress_bar(label: str, enabled: bool, *, unit: str = "") -> Iterator[ProgressBar | None]:
    """A bar labelled ``label`` when ``enabled`` (a terminal), else ``None``. With ``unit``
    (``"runs"``) it also shows the rate, ``N runs/s``."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Units per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s", style="cyan")

    columns: list[ProgressColumn | str] = [
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[text]}"),
    ]
    if unit:
        columns.append(RateColumn())
    columns += [TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, transient=False) as bar:
        yield ProgressBar(bar, bar.add_task(label, total=None, text=""))

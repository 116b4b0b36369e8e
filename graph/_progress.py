"""The build's progress bar columns (rich): pages per second (a text file is one page)."""

from __future__ import annotations

from rich.progress import ProgressColumn, Task
from rich.text import Text

__all__ = ["DocumentsPerSecond"]


class DocumentsPerSecond(ProgressColumn):
    """``12.3 pages/s`` once there is a speed to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} pages/s")

"""The top of the Today screen: plan, week of weeks, phase, the day, the streak, today's progress."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from cadence.tui.widgets import put


class TodayHeader(Static):
    """Shows what it is given; it never reads state itself."""

    def show(
        self,
        plan: str,
        week: int | None,
        weeks: int,
        phase: str | None,
        day: date,
        streak: int,
        done: int,
        due: int,
        rest: bool = False,
        excused: int = 0,
        note: str | None = None,
    ) -> None:
        """`due`: the required items of the day not excused, `done` those done (a skip is never work done);
        with none due, the day says what it is (`rest`: a rest day). `note`: the week's note ("Deload week")."""
        text = Text()
        text.append(plan, style="bold")
        if week is not None:
            text.append(f"  week {week} of {weeks}")
        if phase:
            text.append("  ")
            text.append(phase, style="italic")
        text.append(f"  {day:%a %d %b %Y}")
        if note:
            text.append("  ")
            text.append(note, style="italic cyan")
        text.append("\n")
        text.append(f"streak {streak} day{'s' if streak != 1 else ''}", style="bold")
        if not due:
            if excused:
                text.append(f"   · excused today ({excused})", style="grey50")
            else:
                text.append("   · rest day" if rest else "   nothing due today", style="cyan" if rest else "")
        else:
            text.append(f"   today {done}/{due} done")
            filled = round(20 * done / due)
            text.append("  ")
            text.append("█" * filled, style="green")
            text.append("░" * (20 - filled), style="dim")
            if excused:
                text.append(f"  {excused} excused", style="grey50")
        put(self, text)

"""A plan grid's item line in a narrow day column: the id never cut below what tells it from the plan's other ids;
where the column is too narrow for that and the whole amount, the amount gives up its target first, unless not
even that would make room."""

from __future__ import annotations

import pytest

from cadence.tui.widgets.fitting import shortest_prefixes
from cadence.tui.widgets.grid import Entry, item_line

IDS = shortest_prefixes(["comment", "commit-log", "post"])  # comment: 5 ("comme"), post: 1


@pytest.mark.parametrize(
    ("task_id", "width", "shown"),
    [
        ("comment", 14, " ✓comment 3/3"),  # room for it all
        ("comment", 11, " ✓comme 3/3"),  # "comme" still tells it from commit-log
        ("comment", 10, " ✓comme… 3"),  # "comm 3/3" would not: the target goes first
        ("comment", 9, " ✓comme 3"),
        ("comment", 8, " ✓co 3/3"),  # not even "comm 3" would tell it apart: the amount stays whole
        ("post", 8, " ✓po 3/3"),  # one character tells post apart: the amount stays whole
    ],
)
def test_the_id_keeps_what_tells_it_apart(task_id: str, width: int, shown: str) -> None:
    line = item_line(Entry(task_id, "3", 3, "done", 1.0), width, IDS[task_id])
    assert line.plain == shown
    assert line.cell_len <= width


def test_a_day_to_come_keeps_its_target() -> None:
    line = item_line(Entry("comment", "-", 4, None, None), 10, IDS["comment"])
    assert line.plain == "  comm -/4"  # no mark yet; the id cut plainly, the target whole

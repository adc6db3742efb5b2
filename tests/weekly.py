"""A weekly rhythm to live with when life happens: a hand-written LinkedIn and X plan, as a new user writes one.

Eight weeks from Mon 2026-11-23, resting on Sunday, one make-up day: comments on weekdays (3, 2 in the
deload week 2), posts on X three times a week on any days, a writing block on Saturday morning; a count goal
(connections) and a level goal (followers, from 850).
"""

from __future__ import annotations

from datetime import date

from plans import block, goal, plan, plan_table, task, week

WEEKLY = plan(
    plan_table("LinkedIn and X", start=date(2026, 11, 23), weeks=8, rest_days=["sun"], makeup_days=1),
    week(2, volume=0.6, note="Deload week"),
    task("comment", "Comments", days="weekdays", unit="comments", target=3, results=["replies", "connections"]),
    task("post", "Post on X", per_week=3, unit="posts", results=["boosts"]),
    block("write", "Writing block", days=["sat"], at="09:00", duration="2h"),
    goal("connections", "Connections", metric="connections", target=60, by="week 8"),
    goal("followers", "Followers", metric="followers", target=1000, by="week 8", **{"from": 850}),
)

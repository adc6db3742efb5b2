"""The adapt rules on ledgers written out: hold or ease, halve a weak task or make it optional, make a task
without results optional, rule 4's refusals, declined proposals, and the weeks a revision closes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction

from cadence.core.adapt import propose, reviews_at
from cadence.core.calendar import Schedule
from cadence.core.changes import Change, apply, base_targets
from cadence.core.review import TaskReview, review
from cadence.core.status import Ledger, Result
from cadence.plan import check_text
from learning import EXAMPLE, START

Did = Callable[[date], dict[str, float]]


def schedule(text: str = EXAMPLE) -> Schedule:
    plan, diagnostics = check_text(text, "example.toml")
    assert plan is not None, [str(d) for d in diagnostics]
    return Schedule(plan, START)


def everything(day: date) -> dict[str, float]:
    if day.weekday() < 5:
        week = (day - START).days // 7 + 1
        return {"comment": week + 1, "outreach": 4}
    return {"article": 1} if day.weekday() == 5 else {}


def lived(weeks: int, did: Did = everything, results: tuple[Result, ...] = ()) -> Ledger:
    amounts = {
        (task, START + timedelta(days=offset)): amount
        for offset in range(7 * weeks)
        for task, amount in did(START + timedelta(days=offset)).items()
    }
    return Ledger(amounts, results=results)


def weeks_2_and_3_half_done(day: date) -> dict[str, float]:
    week = (day - START).days // 7 + 1
    return everything(day) if week not in (2, 3) or day.weekday() in (0, 2, 4) else {}


TUESDAY_4 = date(2026, 11, 24)


def test_nothing_to_propose_before_two_weeks_are_closed_or_after_every_week_began() -> None:
    assert propose(schedule(), lived(2, weeks_2_and_3_half_done), date(2026, 11, 17)) == []  # only week 1 closed
    assert propose(schedule(), lived(8, weeks_2_and_3_half_done), date(2026, 12, 22)) == []  # week 8 under way


def test_a_hold_lists_the_ramp_and_leaves_the_weeks_lived_as_they_were() -> None:
    (hold,) = propose(schedule(), lived(3, weeks_2_and_3_half_done), TUESDAY_4)
    assert (hold.key, hold.rule, hold.changes) == (
        "hold",
        1,
        (Change("task", "comment", "target", (2, 3, 4, 5, 5, 6, 7, 8)),),
    )
    assert hold.figures == {"weeks": [2, 3], "adherence": [0.5455, 0.5455], "held": 5, "tasks": ["comment"]}


PHASED = EXAMPLE.replace(
    '[[task]]\nid = "comment"',
    '[[phase]]\nname = "Base"\nweeks = "1-4"\n\n[[phase]]\nname = "Build"\nweeks = "5-8"\n\n[[task]]\nid = "comment"',
    1,
)


def test_a_new_phase_next_week_eases_it_to_volume_0_8_instead() -> None:
    (ease,) = propose(schedule(PHASED), lived(3, weeks_2_and_3_half_done), TUESDAY_4)
    assert (ease.key, ease.changes) == ("ease", (Change("week", 5, "volume", Fraction(4, 5)),))
    assert ease.why.endswith("ease week 5 to volume 0.8 (week 5 begins phase Build)")
    deload = PHASED + "\n[[week]]\nnumber = 5\nvolume = 0.6\n"
    assert propose(schedule(deload), lived(3, weeks_2_and_3_half_done), TUESDAY_4) == []  # lighter already


def test_a_plan_whose_targets_do_not_rise_is_eased() -> None:
    flat = EXAMPLE.replace("{ start = 2, peak = 9 }", "3")
    (ease,) = propose(schedule(flat), lived(3, weeks_2_and_3_half_done), TUESDAY_4)
    assert ease.why.endswith("ease week 5 to volume 0.8 (no target rises)")


def replies(day: date, per_comment_day: float = 2, per_note_week: float = 1) -> tuple[Result, ...]:
    found = []
    if day.weekday() < 5:
        found.append(Result("replies", per_comment_day, day, "comment"))
    if day.weekday() == 0:
        found.append(Result("replies", per_note_week, day, "outreach"))
    return tuple(found)


def weeks_of_replies(weeks: int) -> tuple[Result, ...]:
    return tuple(r for offset in range(7 * weeks) for r in replies(START + timedelta(days=offset)))


TUESDAY_5 = date(2026, 12, 1)


def test_a_weak_task_at_1_already_becomes_optional() -> None:
    at_one = EXAMPLE.replace("target = 4\n", "target = 1\n")
    (optional,) = propose(schedule(at_one), lived(4, results=weeks_of_replies(4)), TUESDAY_5)
    assert (optional.key, optional.changes) == ("weak:outreach", (Change("task", "outreach", "required", False),))
    assert optional.why.endswith("its targets are 1 already, so make it optional")


def test_a_task_without_results_for_three_weeks_while_its_channel_works_becomes_optional() -> None:
    results = tuple(r for r in weeks_of_replies(5) if r.task == "comment")
    (idle,) = propose(schedule(), lived(5, results=results), date(2026, 12, 8))
    assert (idle.key, idle.rule, idle.changes) == ("idle:outreach", 3, (Change("task", "outreach", "required", False),))
    assert idle.figures == {"task": "outreach", "weeks": [3, 4, 5], "channel": "linkedin", "working": ["comment"]}
    alone = EXAMPLE.replace(
        'channel = "linkedin"\ndays = "weekdays"\nduration = "15m"', 'days = "weekdays"\nduration = "15m"'
    )
    assert propose(schedule(alone), lived(5, results=results), date(2026, 12, 8)) == []  # no channel to compare


def test_rule_4_keeps_the_halving_without_a_transfer_that_would_double_a_target() -> None:
    # The comments plan 2 minutes; the notes free 37.5 a week: the comments would more than double.
    short = EXAMPLE.replace('duration = "20m"', 'duration = "2m"')
    (weak,) = propose(schedule(short), lived(4, results=weeks_of_replies(4)), TUESDAY_5)
    assert weak.changes == (Change("task", "outreach", "target", (4, 4, 4, 4, 4, 2, 2, 2)),)
    assert weak.why.endswith(
        "its freed minutes stay free: giving them to 'comment' would raise a week's load past the load band"
        " or add a plan warning (rule 4)"
    )
    assert (weak.figures["withheld_from"], weak.figures["freed_minutes"]) == ("comment", 112.5)  # weeks 6 to 8


def test_a_weak_task_is_judged_on_the_metric_it_brings_most_of() -> None:
    """Notes that bring replies, declared for connections first: the proposal cites the replies."""
    text = EXAMPLE.replace(
        'unit = "notes"\ntarget = 4\nresults = ["replies"]',
        'unit = "notes"\ntarget = 4\nresults = ["connections", "replies"]',
    )
    assert text != EXAMPLE
    connections = (Result("connections", 1, START, "comment"),)
    found = propose(schedule(text), lived(4, results=weeks_of_replies(4) + connections), TUESDAY_5)
    weak = next(proposal for proposal in found if proposal.key == "weak:outreach")
    assert weak.figures["metric"] == "replies"
    assert "was weak at the close of weeks 3 and 4: replies" in weak.why


def test_a_declined_proposal_is_left_out_of_the_plan_the_later_ones_see() -> None:
    def both(day: date) -> dict[str, float]:  # weeks 3 and 4 half done, and the notes weak
        week = (day - START).days // 7 + 1
        return everything(day) if week not in (3, 4) or day.weekday() in (0, 2, 4) else {}

    results = weeks_of_replies(4)
    found = propose(schedule(), lived(4, both, results), TUESDAY_5)
    assert [p.key for p in found] == ["hold", "weak:outreach"]
    weak = found[1].changes[-1]
    assert weak == Change("task", "comment", "target", (2, 3, 4, 5, 6, 8, 9, 11))  # on the held 6, 6, 7, 8
    alone = propose(schedule(), lived(4, both, results), TUESDAY_5, declined={"hold"})
    assert [p.key for p in alone] == ["weak:outreach"]
    assert alone[0].changes[-1] == Change("task", "comment", "target", (2, 3, 4, 5, 6, 9, 11, 12))


def test_a_revision_leaves_the_weeks_begun_before_it_unjudged() -> None:
    ledger = lived(4, weeks_2_and_3_half_done)
    assert propose(schedule(), ledger, TUESDAY_4, revised=[date(2026, 11, 23)]) == []
    assert [p.key for p in propose(schedule(), ledger, TUESDAY_4, revised=[date(2026, 11, 8)])] == ["hold"]


def test_apply_is_what_the_file_will_say() -> None:
    plan = schedule().plan
    changed = apply(plan, [Change("task", "comment", "target", (1,) * 8), Change("week", 3, "volume", Fraction(1, 2))])
    comment = changed.task("comment")
    assert comment is not None and base_targets(changed, comment) == (1,) * 8
    assert [(o.number, o.volume) for o in changed.week_overrides] == [(3, Fraction(1, 2))]


def test_the_reviews_at_the_close_of_weeks_are_the_reviews_of_those_days() -> None:
    ledger = lived(5, weeks_2_and_3_half_done, weeks_of_replies(5))

    def seen(task: TaskReview) -> tuple[object, ...]:  # the hours are summed in another order: to 9 places
        rates = {metric: round(value or 0, 9) for metric, value in task.per_hour.items()}
        return (task.task.id, task.activity, task.done, task.results, round(task.hours, 9), rates, task.verdict)

    found = reviews_at(schedule(), ledger, [2, 3, 4])
    for week in (2, 3, 4):
        whole = review(schedule(), ledger, schedule().week_end(week))
        assert [seen(task) for task in found[week].values()] == [seen(task) for task in whole.tasks]
    assert [found[4][task].verdict for task in ("comment", "outreach", "article")] == ["working", "weak", "untracked"]

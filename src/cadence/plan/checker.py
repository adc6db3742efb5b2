"""The checker: a parsed TOML document in, a Plan or every problem out.

Checking runs in two passes: each key's value is converted on its own by its
kind (types, ranges, formats), then the rules that tie keys together (weeks
inside the plan, unique ids, a target list as long as the plan). Every problem
is collected with the key path it concerns; positions are looked up later, and
only when there is something to report. A plan with any error is never built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from cadence.core.model import Goal, Notify, Phase, Plan, Ramp, Task, TaskKind, WeekOverride
from cadence.plan.diagnostics import Bad, Problem, suggest
from cadence.plan.kinds import MAX_WEEKS, Context
from cadence.plan.schema import BLOCK_UNIT, SCHEMA, header
from cadence.plan.spans import KeyPath

MAX_ITEMS = 300
"""Tasks and blocks in one plan: far more than a day can hold, few enough that every view stays fast."""


class Checker:
    """Collects problems while turning a parsed document into a Plan."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, path: KeyPath, message: str, at: Literal["key", "value"] = "value") -> None:
        self.problems.append(Problem(path, message, "error", at))

    def where(self, name: str, index: int | None, raw: Mapping[str, Any]) -> str:
        if index is None:
            return f"[{name}]"
        table = SCHEMA[name]
        title = raw.get(table.title_key) if table.title_key else None
        if isinstance(title, str | int) and not isinstance(title, bool):
            return f"[[{name}]] '{title}'" if isinstance(title, str) else f"[[{name}]] {title}"
        return f"[[{name}]] #{index + 1}"

    def tables(self) -> dict[str, list[tuple[KeyPath, dict[str, Any]]]]:
        """The top-level tables, each as (path, raw table); unknown ones reported, too many refused."""
        found: dict[str, list[tuple[KeyPath, dict[str, Any]]]] = {name: [] for name in SCHEMA}
        for name, value in self.doc.items():
            table = SCHEMA.get(name)
            if table is None:
                kind = "table" if isinstance(value, dict | list) else "key"
                hint = suggest(name, SCHEMA) or f"; a plan has the tables {', '.join(header(n) for n in SCHEMA)}"
                self.error((name,), f"unknown {kind} '{name}'{hint}", "key")
                continue
            if table.many:
                if isinstance(value, dict):
                    self.error((name,), f"'{name}' must be an array of tables: write [[{name}]]", "key")
                elif not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                    self.error((name,), f"'{name}' must be written as [[{name}]] tables", "key")
                else:
                    found[name] = [((name, index), item) for index, item in enumerate(value)]
            elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
                self.error((name, 0), f"'{name}' must be a single table: write [{name}], not [[{name}]]", "key")
            elif not isinstance(value, dict):
                self.error((name,), f"'{name}' must be a table: write [{name}] on a line of its own", "key")
            else:
                found[name] = [((name,), value)]
        for name, table in SCHEMA.items():
            if table.required and name not in self.doc:
                self.error(
                    (), f"the plan has no [{name}] table; it needs at least [{name}] with 'name' and 'weeks'", "key"
                )
        items = len(found["task"]) + len(found["block"])
        if items > MAX_ITEMS:
            tasks = len(found["task"])
            first: KeyPath = ("task", MAX_ITEMS) if tasks > MAX_ITEMS else ("block", MAX_ITEMS - tasks)
            self.error(
                first,
                f"a plan holds at most {MAX_ITEMS} tasks and blocks, not {items};"
                " split it into plans run one after another",
                "key",
            )
            found["task"], found["block"] = [], []
        return found

    def convert(self, name: str, path: KeyPath, raw: dict[str, Any], ctx: Context) -> dict[str, Any]:
        """Each key of one table that could be converted; the others are reported."""
        table = SCHEMA[name]
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
        where = self.where(name, index, raw)
        values: dict[str, Any] = {}
        for key, value in raw.items():
            spec = table.keys.get(key)
            if spec is None:
                hint = suggest(key, table.keys)
                if not hint and name == "block" and key in SCHEMA["task"].keys:
                    hint = f"; '{key}' is for [[task]] only (a block is done once, in its window)"
                self.error((*path, key), f"unknown key '{key}' in {where}{hint}", "key")
                continue
            try:
                values[key] = spec.kind.convert(value, ctx)
            except Bad as bad:
                joint = " " if bad.message.startswith(PREDICATES) else ": "
                self.error((*path, key, *bad.sub), f"'{key}' in {where}{joint}{bad.message}")
        for key, spec in table.keys.items():
            if spec.required and key not in raw:
                self.error(path, f"{where} is missing the required key '{key}'", "key")
        return values

    def exclusive(self, name: str, path: KeyPath, raw: dict[str, Any]) -> None:
        """Keys that may not be given together (SCHEMA's `exclusive`)."""
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
        for first, second in SCHEMA[name].exclusive:
            if first in raw and second in raw:
                where = self.where(name, index, raw)
                self.error((*path, second), f"{where} has both '{first}' and '{second}'; give one of them", "key")


PREDICATES = ("must ", "lists ", "is ", "item ")
"""How a Bad message that reads on from "'key' in [table]" begins."""


def check_document(doc: dict[str, Any]) -> tuple[Plan | None, list[Problem], dict[str, KeyPath]]:
    """The plan, or None, with every problem; and the path of each task and block by id."""
    checker = Checker(doc)
    tables = checker.tables()
    ctx = Context(weeks=None)
    plan_values: dict[str, Any] | None = None
    if tables["plan"]:
        plan_path, raw_plan = tables["plan"][0]
        weeks_raw = raw_plan.get("weeks")
        if isinstance(weeks_raw, int) and not isinstance(weeks_raw, bool) and 1 <= weeks_raw <= MAX_WEEKS:
            ctx = Context(weeks=weeks_raw)
        plan_values = checker.convert("plan", plan_path, raw_plan, ctx)
        checker.exclusive("plan", plan_path, raw_plan)

    converted: dict[str, list[tuple[KeyPath, dict[str, Any]]]] = {}
    for name in ("notify", "phase", "week", "task", "block", "goal"):
        converted[name] = []
        for path, raw in tables[name]:
            # A table with a bad key still takes part in the cross-key rules with
            # what could be read, so one run reports as much as it can.
            converted[name].append((path, checker.convert(name, path, raw, ctx)))
            checker.exclusive(name, path, raw)

    ids: dict[str, KeyPath] = {}
    _check_rules(checker, converted, ids, ctx)
    if checker.problems or plan_values is None:
        return None, checker.problems, ids

    plan_values = with_defaults("plan", plan_values)
    notify_values = with_defaults("notify", converted["notify"][0][1] if converted["notify"] else {})
    plan = Plan(
        name=plan_values["name"],
        weeks=plan_values["weeks"],
        start=plan_values["start"],
        finish=plan_values["finish"],
        timezone=plan_values["timezone"],
        day_starts=plan_values["day_starts"],
        rest_days=plan_values["rest_days"],
        holidays=plan_values["holidays"],
        makeup_days=plan_values["makeup_days"],
        notify=Notify(
            morning=notify_values["morning"],
            evening=notify_values["evening"],
            snooze_min=notify_values["snooze"],
            grace_min=notify_values["grace"],
        ),
        phases=tuple(
            Phase(v["name"], v["weeks"], v["volume"], v["note"])
            for v in (with_defaults("phase", values) for _, values in converted["phase"])
        ),
        week_overrides=tuple(
            WeekOverride(v["number"], v["volume"], v["note"])
            for v in (with_defaults("week", values) for _, values in converted["week"])
        ),
        tasks=tuple(_task(kind, with_defaults(kind, v)) for kind in ("task", "block") for _, v in converted[kind]),
        goals=tuple(
            Goal(v["id"], v["title"], v["metric"], v["target"], v["by"], v["checkpoints"], v["note"], v["from"])
            for v in (with_defaults("goal", values) for _, values in converted["goal"])
        ),
        note=plan_values["note"],
    )
    return plan, [], ids


def with_defaults(name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every key of a table: the converted values given, SCHEMA's defaults for the rest (None: no default).

    Defaults never depend on the plan's length, so they convert without one.
    """
    ctx = Context(weeks=None)
    found: dict[str, Any] = {}
    for key, spec in SCHEMA[name].keys.items():
        if key in values:
            found[key] = values[key]
        else:
            found[key] = None if spec.default is None else spec.kind.convert(spec.default, ctx)
    return found


def _task(kind: TaskKind, v: dict[str, Any]) -> Task:
    block = kind == "block"
    target = 1 if block else v["target"]
    if isinstance(target, Ramp):
        target = Ramp(target.start, target.peak, v["peak_week"])
    return Task(
        id=v["id"],
        kind=kind,
        title=v["title"],
        days=v["days"],
        per_week=None if block else v["per_week"],
        weeks=v["weeks"],
        at=v["at"],
        duration_min=v["duration"],
        unit=BLOCK_UNIT if block else v["unit"],
        target=target,
        results=v["results"],
        required=v["required"],
        on_rest_days=False if block else v["on_rest_days"],
        channel=v["channel"],
        note=v["note"],
        remind=v["remind"],
    )


def _check_rules(
    checker: Checker,
    converted: dict[str, list[tuple[KeyPath, dict[str, Any]]]],
    ids: dict[str, KeyPath],
    ctx: Context,
) -> None:
    """The rules that tie keys together."""
    seen_weeks: dict[int, str] = {}
    for path, phase in converted["phase"]:
        for week in sorted(phase.get("weeks", ())):
            if week in seen_weeks:
                where = checker.where("phase", int(path[1]), phase)
                checker.error(
                    (*path, "weeks"), f"'weeks' in {where}: week {week} is already in phase '{seen_weeks[week]}'"
                )
                break
        for week in phase.get("weeks", ()):
            seen_weeks.setdefault(week, phase.get("name", "?"))

    numbers: set[int] = set()
    for path, week in converted["week"]:
        number = week.get("number")
        if number is None:
            continue
        if ctx.weeks is not None and number > ctx.weeks:
            checker.error(
                (*path, "number"),
                f"'number' in [[week]] {number}: week {number} is outside the plan's weeks 1-{ctx.weeks}",
            )
        elif number in numbers:
            checker.error((*path, "number"), f"week {number} has a second [[week]] table; merge them into one")
        numbers.add(number)

    for kind in ("task", "block"):
        for path, task in converted[kind]:
            task_id = task.get("id")
            if task_id is not None:
                if task_id in ids:
                    first = ids[task_id]
                    checker.error(
                        (*path, "id"),
                        f"duplicate id '{task_id}': [[{first[0]}]] #{int(first[1]) + 1} already uses it; ids are unique among tasks and blocks",
                    )
                else:
                    ids[task_id] = path
            where = f"[[{kind}]] '{task_id}'" if task_id else f"[[{kind}]] #{int(path[1]) + 1}"
            if "peak_week" in task:
                if not isinstance(task.get("target"), Ramp):
                    checker.error(
                        (*path, "peak_week"),
                        f"'peak_week' in {where} only goes with a ramp target, like target = {{ start = 3, peak = 10 }}",
                        "key",
                    )
                elif ctx.weeks is not None and task["peak_week"] > ctx.weeks:
                    checker.error(
                        (*path, "peak_week"),
                        f"'peak_week' in {where}: week {task['peak_week']} is outside the plan's weeks 1-{ctx.weeks}",
                    )

    goal_ids: dict[str, KeyPath] = {}
    for path, goal in converted["goal"]:
        goal_id = goal.get("id")
        if goal_id is None:
            continue
        if goal_id in goal_ids:
            checker.error(
                (*path, "id"),
                f"duplicate goal id '{goal_id}': [[goal]] #{int(goal_ids[goal_id][1]) + 1} already uses it",
            )
        goal_ids.setdefault(goal_id, path)
        top = max((value for _, value in goal.get("checkpoints", ())), default=0)
        if "target" in goal and top > goal["target"]:
            checker.error(
                (*path, "checkpoints"),
                f"a checkpoint of [[goal]] '{goal_id}' ({top}) is above its target ({goal['target']})",
            )

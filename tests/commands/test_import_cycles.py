"""No circle in the import graph of `cadence` (ARCHITECTURE.md: "No circles").

The graph is grimp's, as import-linter reads it: every import, those inside a
function and those under TYPE_CHECKING included, since each ties the two
modules as surely as one at the top. A package is its `__init__.py`, so a
module that takes a name from its own package's `__init__`, which imports the
module back, is a circle too. And importing `a.b.c` runs `a/__init__.py` and
`a/b/__init__.py` first, so an import of a module is taken as an import of each
package above it (but the packages the importer is itself inside, already
running): a module importing `plan.spans` imports `plan`, whose `__init__`
reaches every module of the plan's checker. `cli.main` imports each command's
module by name (the parser's "module:function"), which no reading of the
source sees: those are taken from the parser.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import grimp

from cadence.cli import TUI
from cadence.cli.parser import build_parser


def package_imports(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Each module's imports, with the packages that importing each one runs."""
    edges: dict[str, set[str]] = {module: set() for module in graph.modules}
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            edges[importer].add(imported)
            parts = imported.split(".")
            for depth in range(1, len(parts)):
                package = ".".join(parts[:depth])
                if package in edges and not f"{importer}.".startswith(f"{package}."):
                    edges[importer].add(package)
    return edges


def handlers(parser: argparse.ArgumentParser) -> Iterator[str]:
    """The "module:function" of every command of the parser, nested ones too."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                handler = command.get_default("handler")
                if handler:
                    yield handler
                yield from handlers(command)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, each sorted (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(edges[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return sorted(found)


def described(component: list[str], edges: dict[str, set[str]]) -> str:
    members = set(component)
    ties = [f"{a} -> {b}" for a in component for b in sorted(edges[a] & members)]
    return f"{', '.join(component)} ({'; '.join(ties)})"


def test_the_finder_names_the_circles_through_packages_and_nothing_else() -> None:
    graph = grimp.ImportGraph()
    modules = ("shop", "shop.paths", "shop.core", "shop.plan", "shop.plan.spans", "shop.plan.schema")
    for module in (*modules, "shop.plan.kinds", "shop.store", "shop.store.faults"):
        graph.add_module(module)
    for importer, imported in (
        ("shop.paths", "shop.plan.spans"),  # runs shop/plan/__init__.py first,
        ("shop.plan", "shop.plan.schema"),  # which imports the schema,
        ("shop.plan.schema", "shop.paths"),  # which imports paths back
        ("shop.plan.schema", "shop.plan.kinds"),
        ("shop.plan.kinds", "shop.plan.spans"),  # from inside the plan, whose __init__ is already running
        ("shop.paths", "shop.core"),
        ("shop.store", "shop.store.faults"),
        ("shop.store.faults", "shop.store"),  # a name from its own package's __init__, which imports it
    ):
        graph.add_import(importer=importer, imported=imported)
    assert circles(package_imports(graph)) == [
        ["shop.paths", "shop.plan", "shop.plan.schema"],
        ["shop.store", "shop.store.faults"],
    ]


def test_no_module_of_cadence_imports_itself_in_a_circle() -> None:
    edges = package_imports(grimp.build_graph("cadence", cache_dir=None))
    dispatched = {handler.partition(":")[0] for handler in (TUI, *handlers(build_parser()))}
    assert {"due", "hub", "tui"} <= dispatched
    edges["cadence.cli"] |= {f"cadence.cli.{module}" for module in dispatched}
    found = circles(edges)
    assert not found, "import circles:\n" + "\n".join(described(component, edges) for component in found)

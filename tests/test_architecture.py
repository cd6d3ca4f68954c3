"""The shape of the package, checked from its source with ``ast``.

- Dependencies flow one way through the layers (STYLE.md): a module imports
  only from its own layer or earlier ones, plus the shared base (model, errors).
- Library code never prints, exits or reads the keyboard: only the CLI talks
  to the terminal.
- Every CLI subcommand is documented in README.md.
- No module-level mutable state: two coders with different data must live in
  one process, and a coder must pickle to a worker.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "src" / "detente"
PACKAGE = "detente"

#: The layers in dependency order: each may import from itself and the ones before it.
#: ``coder`` ties ingest, nlp, actors, events and context together; ``store``,
#: ``engines``, ``analysis`` and ``evaluation`` work on coded events; ``cli`` sits on top.
LAYERS: tuple[str, ...] = (
    "ingest",
    "nlp",
    "actors",
    "events",
    "context",
    "coder",
    "store",
    "engines",
    "export",
    "pipeline",
    "analysis",
    "evaluation",
    "web",
    "cli",
)
#: Shared by every layer; they import nothing but each other.
BASE: frozenset[str] = frozenset({"model", "errors", "months", "tsv", "rows", "batching"})
#: What other modules may take from the package facade (``detente/__init__.py``),
#: which re-exports the public API and so imports from the top layers itself.
FACADE_NAMES: frozenset[str] = frozenset({"__version__"})

#: Import cycles between modules that exist on purpose: none. (A package ``__init__``
#: that re-exports a submodule which imports from the package is one; engines/ keeps
#: what its modules share in engines/base.py instead.) The test asserts the exact set,
#: so a new cycle fails.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()

LIBRARY_EXEMPT: frozenset[str] = frozenset({"detente.cli"})


@dataclass(frozen=True)
class Module:
    name: str  # dotted: "detente.events.extract"
    path: Path
    is_package: bool
    tree: ast.Module

    @property
    def rel(self) -> str:
        return str(self.path.relative_to(ROOT))

    @property
    def part(self) -> str:
        """The first component under the package: a layer, a base module, or "" for the facade."""
        pieces = self.name.split(".")
        return pieces[1] if len(pieces) > 1 else ""


@dataclass(frozen=True)
class Dependency:
    importer: Module
    target: str  # a dotted module name inside the package
    name: str | None  # the name taken with ``from target import name``, when it is not a module
    line: int


def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join(parts)
        found[name] = Module(name, path, is_package, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


MODULES = _modules()


def _dependencies(module: Module) -> Iterator[Dependency]:
    """Every import of a package module, at any depth (function bodies and
    TYPE_CHECKING blocks included: they are dependencies too)."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    yield Dependency(module, alias.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.name.split(".")
                if not module.is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target != PACKAGE and not target.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in MODULES:
                    yield Dependency(module, submodule, None, node.lineno)
                else:
                    yield Dependency(module, target, alias.name, node.lineno)


def _describe(dep: Dependency) -> str:
    what = f"from {dep.target} import {dep.name}" if dep.name else f"import {dep.target}"
    return f"{dep.importer.rel}:{dep.line}: {what}"


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(
        m.rel for m in MODULES.values() if m.part and m.part not in LAYERS and m.part not in BASE
    )
    assert not unplaced, f"modules outside every layer (add them to LAYERS): {unplaced}"


def _layer_violations(module: Module) -> Iterator[str]:
    if module.name == PACKAGE:
        return  # the facade re-exports the public API
    for dep in _dependencies(module):
        if dep.target == PACKAGE:
            if dep.name not in FACADE_NAMES:
                yield _describe(dep) + " (take it from its own module, not the package facade)"
            continue
        target_part = dep.target.split(".")[1]
        if target_part in BASE:
            continue
        if module.part in BASE:
            yield _describe(dep) + f" (the base module {module.part} may import only {sorted(BASE)})"
        elif target_part not in LAYERS or LAYERS.index(target_part) > LAYERS.index(module.part):
            yield _describe(dep) + f" ({module.part} comes before {target_part})"


def test_imports_flow_one_way_through_the_layers() -> None:
    wrong = [line for module in MODULES.values() for line in _layer_violations(module)]
    assert not wrong, "imports against the layer order " + " → ".join(LAYERS) + ":\n" + "\n".join(wrong)


#: Layers that may come later but still must not reach into an earlier one: context
#: reads dates from sentences, not from the readers of files (month names live in the
#: base module ``months``).
SEPARATE: frozenset[tuple[str, str]] = frozenset({("context", "ingest")})


def test_separate_layers_do_not_import_each_other() -> None:
    wrong = [
        _describe(dep)
        for module in MODULES.values()
        for dep in _dependencies(module)
        if (module.part, dep.target.split(".")[1] if "." in dep.target else "") in SEPARATE
    ]
    assert not wrong, "imports between layers kept apart:\n" + "\n".join(wrong)


def test_the_layer_check_sees_what_it_should() -> None:
    source = (
        "from ..coder import Coder\n"  # ingest may not reach up to coder
        "from detente import Coder as C\n"  # nor around it through the facade
        "from detente.model import Event\n"  # the base is fine
        "from . import text\n"  # its own layer is fine
        "def f():\n    from detente.store import EventStore\n"  # lazy imports count
    )
    fake = Module("detente.ingest.fake", PACKAGE_DIR / "ingest" / "fake.py", False, ast.parse(source))
    found = list(_layer_violations(fake))
    assert len(found) == 3, found
    assert "import Coder" in found[0] and "ingest comes before coder" in found[0]
    assert "facade" in found[1]
    assert "ingest comes before store" in found[2]


def _cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component: set[str] = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    for module in MODULES.values():
        if module.name == PACKAGE:
            continue
        graph[module.name] = {dep.target for dep in _dependencies(module) if dep.target != PACKAGE}
    cycles = _cycles(graph)
    assert cycles == KNOWN_CYCLES, f"import cycles: {sorted(sorted(c) for c in cycles)}"


# --- library code stays quiet -------------------------------------------------
_FORBIDDEN_CALLS = frozenset({"print", "input", "exit", "quit", "breakpoint"})


def _terminal_use(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                yield node.lineno, f"{func.id}("
            elif (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in {("sys", "exit"), ("os", "_exit")}
            ):
                yield node.lineno, f"{func.value.id}.{func.attr}("
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "SystemExit":
                yield node.lineno, "raise SystemExit"


def test_library_code_never_prints_exits_or_prompts() -> None:
    found = [
        f"{m.rel}:{line}: {what}"
        for m in MODULES.values()
        if m.name not in LIBRARY_EXEMPT
        for line, what in _terminal_use(m.tree)
    ]
    assert not found, "terminal I/O in library code (only cli.py may do this):\n" + "\n".join(found)


def test_the_forbidden_call_check_sees_what_it_should() -> None:
    source = "import sys\nprint('x')\nsys.exit(1)\nraise SystemExit(2)\nx = input()\nlogger.print('fine')\n"
    assert [what for _, what in sorted(_terminal_use(ast.parse(source)))] == [
        "print(",
        "sys.exit(",
        "raise SystemExit",
        "input(",
    ]


# --- the CLI is documented ------------------------------------------------------
def test_every_cli_subcommand_is_in_the_readme() -> None:
    import argparse

    from detente.cli import build_parser

    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert actions, "build_parser() has no subcommands"
    commands = sorted(name for action in actions for name in action.choices)
    assert commands, "build_parser() has no subcommands"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in commands if not re.search(rf"(?:\./run|detente)\s+{re.escape(c)}\b", readme)]
    assert not missing, f"CLI subcommands not shown in README.md (as `./run {{cmd}}` or `detente {{cmd}}`): {missing}"


# --- no module-level mutable state ----------------------------------------------------
_MUTABLE_LITERALS = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
_MUTABLE_FACTORIES = frozenset({"list", "dict", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque"})
#: ``__all__`` is a list by Python convention and only read by ``import *`` and tools.
_CONVENTIONAL_NAMES = frozenset({"__all__"})


def _is_mutable_value(value: ast.expr) -> bool:
    if isinstance(value, _MUTABLE_LITERALS):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name):
            return func.id in _MUTABLE_FACTORIES
        if isinstance(func, ast.Attribute):
            # collections.defaultdict(...), dict.fromkeys(...)
            if func.attr in _MUTABLE_FACTORIES:
                return True
            return isinstance(func.value, ast.Name) and func.value.id in _MUTABLE_FACTORIES
    return False


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[str]:
    raw = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [ast.unparse(t) for t in raw]


def _module_level_mutables(tree: ast.Module) -> Iterator[tuple[int, str]]:
    def walk(body: list[ast.stmt]) -> Iterator[tuple[int, str]]:
        for node in body:
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                names = _targets(node)
                if node.value is not None and _is_mutable_value(node.value):
                    if not set(names) <= _CONVENTIONAL_NAMES:
                        yield node.lineno, ", ".join(names)
            elif isinstance(node, ast.Global):
                yield node.lineno, "global " + ", ".join(node.names)
            elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                # Still module level: the body runs at import.
                yield from walk(node.body)
                yield from walk(getattr(node, "orelse", []))
                yield from walk(getattr(node, "finalbody", []))
                for handler in getattr(node, "handlers", []):
                    yield from walk(handler.body)
        # ``global`` inside functions rebinds module state too.

    yield from walk(tree.body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Global) and node not in tree.body:
            yield node.lineno, "global " + ", ".join(node.names)


def test_no_module_level_mutable_state() -> None:
    found = [
        f"{m.rel}:{line}: {names}"
        for m in MODULES.values()
        for line, names in _module_level_mutables(m.tree)
    ]
    assert not found, (
        "module-level mutable values (use tuple, frozenset or types.MappingProxyType):\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("X = []", True),
        ("X: dict[str, int] = {}", True),
        ("X = {1, 2}", True),
        ("X = dict(a=1)", True),
        ("X = dict.fromkeys('ab', 1)", True),
        ("X = collections.defaultdict(list)", True),
        ("X = {k: 1 for k in 'ab'}", True),
        ("if True:\n    X = []", True),
        ("def f():\n    global X\n    X = 1", True),
        ("X = ()", False),
        ("X = frozenset({1, 2})", False),
        ("X = MappingProxyType({'a': 1})", False),
        ("__all__ = ['f']", False),
        ("def f():\n    x = []\n    return x", False),
        ("class C:\n    def m(self):\n        self.x = {}", False),
    ],
)
def test_the_mutable_state_check_sees_what_it_should(source: str, flagged: bool) -> None:
    assert bool(list(_module_level_mutables(ast.parse(source)))) is flagged

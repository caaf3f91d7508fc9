"""The tree's layers hold: no module imports one from a higher layer (events go up, calls go down), and no
project import hides behind `except ImportError`. Walks every product module's syntax tree, imports inside
functions included."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Bottom to top; packages on one line are one layer and may import each other.
LAYERS = [
    ("gis",),
    ("text",),
    ("limits",),  # rate limits, 429 answers, proof-of-work: used by every layer above
    ("gazetteer",),
    ("addresses",),
    ("organization",),
    ("intake", "matching"),
    ("workflow",),
    ("tiles", "clustering", "reports"),
    ("api",),
    ("frontend_map",),
    ("demo",),
    ("config",),  # settings, URLs, Celery: the project's wiring sees everything
]
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def _modules():
    for package in LEVEL:
        for path in sorted((REPO / package).rglob("*.py")):
            yield package, path


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module


def _upward_imports() -> list[str]:
    found = []
    for package, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, name in _imports(tree):
            target = name.split(".")[0]
            if target in LEVEL and LEVEL[target] > LEVEL[package]:
                found.append(f"{path.relative_to(REPO)}:{node.lineno} imports {name} ({package} is below {target})")
    return found


def _guarded_project_imports() -> list[str]:
    found = []
    for _package, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            catches_import_error = any(
                isinstance(handler.type, ast.Name) and handler.type.id in ("ImportError", "ModuleNotFoundError")
                for handler in node.handlers)
            if not catches_import_error:
                continue
            for statement in node.body:
                for _node, name in _imports(statement):
                    if name.split(".")[0] in LEVEL:
                        found.append(f"{path.relative_to(REPO)}:{statement.lineno} guards the import of {name}")
    return found


def test_it_finds_the_modules_it_checks():
    packages = {package for package, _path in _modules()}
    assert {"gis", "gazetteer", "addresses", "intake", "matching", "workflow", "tiles", "api"} <= packages
    assert sum(1 for _ in _modules()) > 150


def test_it_has_no_import_from_a_lower_layer_to_a_higher_one():
    assert _upward_imports() == []


def test_it_has_no_project_import_behind_except_import_error():
    assert _guarded_project_imports() == []


def test_it_would_catch_an_upward_import(tmp_path):
    tree = ast.parse("def f():\n    from workflow.services import workflow_start\n")
    names = [name for _node, name in _imports(tree)]
    assert names == ["workflow.services"] and LEVEL["workflow"] > LEVEL["intake"]

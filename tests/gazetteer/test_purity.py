"""The gazetteer is pure Python: no Django, only rapidfuzz and rtree beyond the standard library, and the pure
Persian text helpers of `text` (the layer below it)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gazetteer"
ALLOWED_THIRD_PARTY = {"rapidfuzz", "rtree"}


def _modules():
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, "the gazetteer package has no modules"
    return files


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _text_modules_used() -> set[str]:
    """The `text` modules the gazetteer imports (`from text import persian` names text and text.persian)."""
    found: set[str] = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "text")
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "text":
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if _module_path(f"{node.module}.{a.name}"))
    return found


def _imported_names(path: Path) -> set[str]:
    """Every module named by an import statement, __import__() or importlib.import_module() in a file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
    return names


def test_it_imports_no_django_in_any_module():
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imported_names(path) if n.split(".")[0] == "django")
        for path in _modules()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_it_imports_only_the_standard_library_rapidfuzz_and_rtree():
    allowed = set(sys.stdlib_module_names) | ALLOWED_THIRD_PARTY | {"gazetteer", "text"}
    found = {n.split(".")[0] for path in _modules() for n in _imported_names(path)}
    assert found - allowed == set()


def test_it_uses_only_text_modules_that_import_the_standard_library_alone():
    allowed = set(sys.stdlib_module_names) | {"text"}
    offenders = {}
    for name in _text_modules_used():
        path = _module_path(name)
        assert path is not None, name
        bad = {n for n in _imported_names(path) if n.split(".")[0] not in allowed}
        if bad:
            offenders[name] = sorted(bad)
    assert offenders == {}


def test_it_leaves_django_unloaded_when_the_package_is_imported():
    modules = sorted({_module_name(p) for p in _modules()} | _text_modules_used())
    assert "gazetteer.matcher.core" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
        "print(len(sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr

"""The layers of gvc, checked by a tool: import-linter contracts (``.importlinter``) plus a
pure-Python check of the analytics rule, no mixins, and ``Gvc`` methods as one-line delegates."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gvc
from tests.helpers import gvc_import_lines as _gvc_imports

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "gvc"
#: Imports of gvc.analytics that other helpers are removing (also in .importlinter's ignores).
KNOWN_ANALYTICS_BREAKS: set[tuple[str, str]] = set()


def _lint_imports() -> str | None:
    exe = Path(sys.executable).with_name("lint-imports")
    if exe.is_file():
        return str(exe)
    return shutil.which("lint-imports")


def test_import_contracts_hold() -> None:
    exe = _lint_imports()
    if exe is None:
        pytest.skip("import-linter is not installed (pip install import-linter; test extras)")
    proc = subprocess.run(
        [exe, "--config", str(REPO / ".importlinter")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 kept, 0 broken" in proc.stdout, proc.stdout


def test_analytics_import_only_errors_and_themselves() -> None:
    """The rule of .importlinter's analytics contract, without the tool."""
    bad = []
    for path in sorted((PKG / "analytics").rglob("*.py")):
        module = "gvc." + ".".join(path.relative_to(PKG).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for name, line in _gvc_imports(path):
            allowed = name in ("gvc.errors", "gvc.choices", "gvc.i18n") or name.startswith(
                "gvc.analytics"
            )
            if not allowed and (module, name) not in KNOWN_ANALYTICS_BREAKS:
                bad.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    assert not bad, "\n".join(bad)


def test_the_fallback_check_sees_a_break(tmp_path: Path) -> None:
    """The ast check finds a function-level import and ignores a TYPE_CHECKING one."""
    f = tmp_path / "m.py"
    f.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from gvc.api import Gvc\n"
        "def f():\n    from gvc import config\n    import gvc.db\n"
    )
    assert _gvc_imports(f) == [("gvc.config", 5), ("gvc.db", 6)]


def test_no_mixins_and_no_module_reaches_back_to_the_api() -> None:
    mixins = []
    for path in sorted(PKG.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        mixins += [f"{path.name}:{n.name}" for n in ast.walk(tree)
                   if isinstance(n, ast.ClassDef) and n.name.endswith("Mixin")]
    assert mixins == []
    for path in sorted((PKG / "services").rglob("*.py")):
        names = [n for n, _ in _gvc_imports(path)]
        assert "gvc.api" not in names, path
        assert not any(n.startswith("gvc.cli") for n in names), path


def test_gvc_methods_are_one_line_delegates() -> None:
    """Every public method of Gvc is a docstring and one ``return self._services.<area>...``."""
    tree = ast.parse((PKG / "api.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Gvc")
    delegates = 0
    for fn in cls.body:
        if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
            continue
        if any(isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list):
            continue
        body = fn.body[1:] if ast.get_docstring(fn) else fn.body
        assert ast.get_docstring(fn), f"Gvc.{fn.name} has no docstring"
        assert len(body) == 1, f"Gvc.{fn.name} is not one statement"
        if fn.name in ("close", "session", "reopen", "years"):
            continue
        stmt = body[0]
        assert isinstance(stmt, ast.Return), fn.name
        assert ast.unparse(stmt.value).startswith("self._services."), fn.name
        assert fn.args.vararg is None, f"Gvc.{fn.name} has *args"
        assert fn.args.kwarg is None, f"Gvc.{fn.name} has **kwargs"
        delegates += 1
    assert delegates >= 32


def test_infrastructure_is_not_public_on_gvc() -> None:
    public = {n for n in dir(gvc.Gvc) if not n.startswith("_")}
    gone = {"memo", "cursor", "sql", "cached_frame", "check_country", "check_revision",
            "check_product", "check_year", "check_io_table", "io_base_table"}
    assert not public & gone
    assert "services" in public

"""The pure analytics layer imports nothing of gvc but gvc.errors, gvc.choices (option values and
defaults, no imports of its own), gvc.i18n (the message catalogs and number formats, no gvc
imports of its own) and gvc.analytics itself.

Checked on the source with ``ast`` (imports inside functions included, tests.helpers.
gvc_import_lines), so a lazy import cannot hide a layer break. The rule itself is
tests/packaging/test_architecture.py (and .importlinter); here: the leaf modules, the
io-linkages/paths split, module sizes.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import gvc_import_lines

ANALYTICS = Path(__file__).resolve().parents[2] / "gvc" / "analytics"


def gvc_imports(path: Path) -> set[str]:
    """The gvc modules ``path`` imports (function-level too; TYPE_CHECKING blocks left out)."""
    return {m for m, _ in gvc_import_lines(path)}


def test_the_leaf_modules_analytics_may_use_import_nothing_of_gvc():
    # (besides each other: an error's message is a gvc.i18n.Message)
    root = ANALYTICS.parent
    for leaf in ("errors.py", "choices.py", "i18n.py"):
        assert gvc_imports(root / leaf) <= {"gvc.i18n", "gvc.errors"} - {f"gvc.{leaf[:-3]}"}, leaf
    assert gvc_imports(root / "i18n.py") == set()


def test_io_linkages_and_paths_do_not_import_each_other():
    paths = gvc_imports(ANALYTICS / "paths.py")
    assert not any(m.startswith("gvc.analytics.io_linkages") for m in paths)
    assert "gvc.analytics.leontief" in paths


def test_no_analytics_module_over_600_lines():
    sizes = {
        p.relative_to(ANALYTICS).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in ANALYTICS.rglob("*.py")
    }
    # readiness.py (623 lines) belongs to the clusters work
    over = {k: v for k, v in sizes.items() if v > 600}
    assert not over


def test_choices_imports_nothing():
    """gvc.choices stays dependency-free: the CLI parser and the analytics both read it."""
    tree = ast.parse((ANALYTICS.parent / "choices.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [getattr(n, "module", None) for n in imports] == ["__future__"]

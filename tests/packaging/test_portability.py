"""gvc imports, builds and answers queries without POSIX-only modules (issue 13: Windows laptops).

Windows has no ``fcntl``, ``termios``, ``resource``, ``pwd`` or ``grp``. The subprocess below makes
them unimportable (``sys.modules[name] = None`` makes ``import name`` raise ImportError), then
imports gvc, builds the database into a private home and queries it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import DATA, REPO

#: Modules Windows lacks, blocked in the subprocess (``posix`` itself cannot be: ``os`` and
#: ``shutil`` use it on Linux; the source scan below covers it).
BLOCKED = ("fcntl", "termios", "resource", "pwd", "grp", "tty", "pty")
POSIX_ONLY = (*BLOCKED, "posix")

SCRIPT = """
import json, sys, warnings
for name in {blocked!r}:
    sys.modules[name] = None
warnings.simplefilter("ignore")  # filelock: "only soft file lock is available" without fcntl
import gvc, gvc.cli, gvc.build, gvc.importers.manifest, gvc.appserver
from gvc.importers import manifest
con = gvc.connect()
with manifest.lock():  # the imports lock works too
    pass
out = {{
    "blocked_still_none": all(sys.modules.get(n) is None for n in {blocked!r}),
    "db": str(con.path),
    "datasets": int(len(con.datasets())),
    "coffee": sorted(con.products("0901", level=6)["code"]),
}}
fp = con.fingerprint
con.close()
again = gvc.connect()  # the build lock was released: a second connect does not hang
out["fingerprint_same"] = again.fingerprint == fp
gvc.build.build(again.path, again.data_dir, force=True)  # the lock can be taken again
out["rebuilt"] = gvc.build.stored_fingerprint(again.path) == fp
again.close()
print(json.dumps(out))
"""


def test_import_build_and_query_without_posix_modules(tmp_path: Path, con) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GVC_")},
        "GVC_HOME": str(tmp_path / "home"),
        "GVC_DATA_DIR": str(DATA),
    }
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(blocked=BLOCKED)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["blocked_still_none"]  # nothing imported them behind our back
    assert Path(got["db"]) == (tmp_path / "home" / "gvc.duckdb").resolve()
    assert Path(got["db"]).is_file()
    assert got["datasets"] == len(con.datasets())
    assert got["coffee"] == ["090111", "090112", "090121", "090122", "090130", "090140"]
    assert got["fingerprint_same"]
    assert got["rebuilt"]
    # no temporary database or stale soft lock left behind
    leftovers = [p.name for p in (tmp_path / "home").iterdir() if ".tmp" in p.name]
    assert leftovers == []


def _module_level_imports(path: Path) -> set[str]:
    """Top-level module names imported at module level (not inside functions) by ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        stmts = [node]
        if isinstance(node, ast.If | ast.Try):  # imports under `if`/`try` run at import too
            stmts = list(ast.walk(node))
        for stmt in stmts:
            if isinstance(stmt, ast.Import):
                names.update(a.name.split(".")[0] for a in stmt.names)
            elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
                names.add(stmt.module.split(".")[0])
    return names


def test_no_module_imports_a_posix_only_module_at_import_time() -> None:
    offenders = {
        str(p.relative_to(REPO)): sorted(_module_level_imports(p) & set(POSIX_ONLY))
        for p in sorted((REPO / "gvc").rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}

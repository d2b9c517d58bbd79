"""The README's Python examples run as written on the embedded data."""

from __future__ import annotations

import re
import warnings

import pytest

from gvc import clusters_registry
from tests.helpers import REPO


def python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_has_examples():
    assert len(python_blocks()) >= 5


def test_readme_python_examples_run(con, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GVC_DB", str(con.path))
    (tmp_path / "my.xlsx").write_bytes(clusters_registry.template_bytes("xlsx"))
    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # data warnings (e.g. negative WIOD output) are expected
        for block in python_blocks():
            code = block if "gvc.connect()" in block or "con" in namespace else (
                "import gvc\ncon = gvc.connect()\n" + block)
            if block.lstrip().startswith(">>>"):
                continue  # error examples are shown as a session transcript
            exec(compile(code, "README.md", "exec"), namespace)
    assert (tmp_path / "garut_batik.xlsx").is_file()


@pytest.mark.parametrize("needle", ["make run", "make test"])
def test_readme_opens_with_the_two_commands(needle):
    head = (REPO / "README.md").read_text(encoding="utf-8")[:1500]
    assert needle in head

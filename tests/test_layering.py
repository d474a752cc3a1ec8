"""workbench.core must run headless: it never imports Qt, pyqtgraph or the GUI."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "workbench" / "core"
FORBIDDEN = ("PySide6", "pyqtgraph", "superqt", "workbench.gui", "shiboken6")


def test_no_core_module_imports_qt_or_the_gui():
    offenders = []
    for file in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." * node.level + (node.module or "")]
            offenders += [f"{file.name}: {n}" for n in names
                          if n.startswith(FORBIDDEN) or n.startswith("..gui") or n == "..gui"]
    assert offenders == []


def test_importing_all_of_core_loads_no_qt():
    modules = sorted(f"workbench.core.{f.stem}" for f in CORE.glob("*.py") if f.stem != "__init__")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')"
            " or m.startswith('workbench.gui')]\nprint(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""The architecture holds: core never imports Qt or the window, its subpackages are layers, no import cycles.

The rules are the import-linter contracts in pyproject.toml (what `lint-imports` checks); this test runs them
with every test run, and checks in a fresh interpreter that importing all of core loads no Qt at all.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "workbench" / "core"


def test_the_import_contracts_in_pyproject_hold():
    from importlinter import api  # noqa: F401  (fails clearly when import-linter is missing)

    run = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                          "sys.exit(lint_imports_command())", "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "BROKEN" not in run.stdout


def test_importing_all_of_core_loads_no_qt():
    modules = sorted(".".join(f.relative_to(ROOT).with_suffix("").parts) for f in CORE.rglob("*.py")
                     if f.stem != "__init__")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')"
            " or m.startswith('workbench.gui')]\nprint(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

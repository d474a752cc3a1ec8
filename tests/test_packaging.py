"""The packaging recipe and the shipped resources cannot rot silently.

The PyInstaller spec names its inputs by path; the icons must match their
SVG source and their folder's size; a built wheel must carry resources/ where
workbench.desktop.resources_dir() looks for it.
"""

from __future__ import annotations

import ast
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from workbench.desktop import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "torch-workbench.spec"
ICONS = ROOT / "resources" / "icons"


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])  # IHDR width, height


def spec_paths() -> dict[str, Path]:
    """Every `NAME = ROOT / "a" / "b"` in the spec, evaluated."""
    found = {}
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            parts, value = [], node.value
            while isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
                if not (isinstance(value.right, ast.Constant) and isinstance(value.right.value, str)):
                    break
                parts.insert(0, value.right.value)
                value = value.left
            if isinstance(value, ast.Name) and value.id == "ROOT" and parts:
                found[node.targets[0].id] = ROOT.joinpath(*parts)
    return found


def test_every_input_the_spec_names_exists():
    paths = spec_paths()
    assert {"ENTRY", "RESOURCES", "ICON_WINDOWS", "ICON_MACOS"} <= set(paths)
    missing = [f"{name}: {path}" for name, path in paths.items() if not path.exists()]
    assert missing == []
    entry = paths["ENTRY"].read_text()
    # The bundle starts like `python -m workbench`, and spawned workers must not reopen the window.
    assert "from workbench.cli import main" in entry and "multiprocessing.freeze_support()" in entry
    assert (paths["RESOURCES"] / "icons" / f"{APP_ID}.svg").is_file()
    assert png_size(paths["ICON_WINDOWS"]) == (256, 256)  # the largest a Windows .ico holds


def test_spec_is_valid_python_and_bundles_resources_as_resources():
    source = SPEC.read_text()
    compile(source, str(SPEC), "exec")
    # workbench.desktop.resources_dir() looks for sys._MEIPASS/resources in a bundle.
    assert '(str(RESOURCES), "resources")' in source
    assert "from workbench" not in source  # the spec must not need the app importable to be read


def test_icon_pngs_exist_for_every_size_and_are_that_size():
    for n in ICON_SIZES:
        path = ICONS / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        assert png_size(path) == (n, n), path
    folders = {p.name for p in (ICONS / "hicolor").iterdir()}
    assert folders == {f"{n}x{n}" for n in ICON_SIZES}


def test_icon_files_stay_small():
    total = sum(p.stat().st_size for p in ICONS.rglob("*") if p.is_file())
    assert total < 200_000, f"resources/icons holds {total:,} bytes"


def test_committed_pngs_are_rendered_from_the_current_svg(tmp_path):
    pytest.importorskip("PySide6.QtSvg")
    np = pytest.importorskip("numpy")
    from PIL import Image

    # A subprocess: the render needs a QGuiApplication, which must not be the test session's QApplication.
    done = subprocess.run([sys.executable, str(ICONS / "render_icons.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    for n in ICON_SIZES:
        rel = Path("hicolor") / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        fresh = np.asarray(Image.open(tmp_path / rel).convert("RGBA"), dtype=np.int16)
        kept = np.asarray(Image.open(ICONS / rel).convert("RGBA"), dtype=np.int16)
        # Another Qt version may anti-alias an edge a little differently; an edited SVG differs a lot.
        assert np.abs(fresh - kept).mean() < 1.0, f"{rel} is stale: run resources/icons/render_icons.py"


def test_pyproject_ships_resources_and_both_scripts():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["workbench"] == "workbench.cli:main"
    assert project["project"]["gui-scripts"]["workbench-gui"] == "workbench.cli:main"
    shipped = set()
    for target, patterns in project["tool"]["setuptools"]["data-files"].items():
        assert target.startswith("share/torch-workbench")
        for pattern in patterns:
            matches = list(ROOT.glob(pattern))
            assert matches or pattern.endswith(".qm"), f"data-files pattern {pattern} matches nothing"
            shipped |= {m.relative_to(ROOT / "resources").as_posix() for m in matches}
    needed = {f"{APP_ID}.desktop", f"{APP_ID}-mime.xml", f"icons/{APP_ID}.svg"}
    needed |= {f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES}
    assert needed <= shipped


def test_an_installed_wheel_finds_its_resources(tmp_path):
    pytest.importorskip("setuptools")
    # Build from a copy: an in-tree build leaves build/ and egg-info behind in the checkout.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("workbench", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "whl"), str(src)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    (wheel,) = (tmp_path / "whl").glob("*.whl")
    installed = subprocess.run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr

    # Run from elsewhere so the checkout cannot be found by accident.
    code = ("from workbench.desktop import resources_dir, icon_path; print(resources_dir()); print(icon_path(48))\n"
            "from workbench.core import i18n; print(i18n.set_language('zh_CN'))")
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nor through a checkout on the path
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env=clean)
    assert done.returncode == 0, done.stderr
    where, icon, language = done.stdout.split()
    where, icon = Path(where), Path(icon)
    assert language == "zh_CN"  # core's compiled catalogue is package data
    assert where == venv / "share" / "torch-workbench"
    assert png_size(icon) == (48, 48)
    scripts = venv / ("Scripts" if sys.platform == "win32" else "bin")
    assert {"workbench", "workbench-gui"} <= {p.stem for p in scripts.iterdir()}

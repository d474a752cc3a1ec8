"""`workbench install-desktop` / `uninstall-desktop`: the menu entry, icon and .wbproj type on Linux.

Each test installs into its own temporary XDG_DATA_HOME through the real CLI,
so nothing touches the developer's own ~/.local/share.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench import __version__
from workbench.desktop import (
    APP_ID,
    ICON_SIZES,
    MIME_TYPE,
    DesktopError,
    data_home,
    desktop_entry,
    exec_value,
    install_desktop,
    resources_dir,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_ENTRY = ROOT / "resources" / f"{APP_ID}.desktop"
SHIPPED_MIME = ROOT / "resources" / f"{APP_ID}-mime.xml"

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop integration is Linux's")


def run_cli(*args, home: Path):
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def entry_values(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


def exec_argv(exec_line: str) -> list[str]:
    """An Exec value as argv, field codes dropped (enough for the paths install writes)."""
    return [a for a in shlex.split(exec_line.replace("\\\\", "\\")) if a not in ("%f", "%F", "%u", "%U")]


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def validate(path: Path):
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    done = subprocess.run([tool, str(path)], capture_output=True, text=True)
    # It prints hints on a valid file too; errors and warnings make it exit non-zero.
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout + done.stderr


@linux_only
def test_install_puts_entry_icons_and_mime_type_under_xdg_data_home(tmp_path):
    home = tmp_path / "share"
    out = run_cli("install-desktop", home=home)
    assert out.returncode == 0, out.stderr

    entry = home / "applications" / f"{APP_ID}.desktop"
    values = entry_values(entry)
    assert values["Icon"] == APP_ID and values["Terminal"] == "false"
    assert MIME_TYPE + ";" in values["MimeType"]
    assert values["Exec"].endswith(" %f")  # the double-clicked project is handed to the app
    for n in ICON_SIZES:
        assert (home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png").is_file()
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    mime = ET.parse(home / "mime" / "packages" / f"{APP_ID}.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    assert [g.get("pattern") for g in mime.findall("m:mime-type/m:glob", ns)] == ["*.wbproj"]
    if shutil.which("update-mime-database"):  # the database the desktop reads knows the glob
        assert f"{MIME_TYPE}:*.wbproj" in (home / "mime" / "globs2").read_text()
    if shutil.which("update-desktop-database"):  # and which app opens the type
        assert f"{MIME_TYPE}={APP_ID}.desktop;" in (home / "applications" / "mimeinfo.cache").read_text()
    assert str(entry) in out.stdout
    validate(entry)


@linux_only
def test_the_menu_entry_starts_this_installation(tmp_path):
    home = tmp_path / "share"
    assert run_cli("install-desktop", home=home).returncode == 0
    argv = exec_argv(entry_values(home / "applications" / f"{APP_ID}.desktop")["Exec"])
    assert Path(argv[0]).is_absolute() and os.access(argv[0], os.X_OK)
    # The same environment as the running interpreter: its own script, or that python -m workbench.
    assert Path(argv[0]).parent == Path(sys.executable).parent or argv[1:] == ["-m", "workbench"]
    done = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"workbench {__version__}"


@linux_only
def test_uninstall_leaves_nothing_of_ours_behind(tmp_path):
    home = tmp_path / "share"
    assert run_cli("install-desktop", home=home).returncode == 0
    assert run_cli("install-desktop", home=home).returncode == 0  # a second install changes nothing
    out = run_cli("uninstall-desktop", home=home)
    assert out.returncode == 0, out.stderr
    assert list(home.iterdir()) == []  # folders it created and the caches the tools wrote are gone too


@linux_only
def test_uninstall_keeps_what_other_apps_installed(tmp_path):
    home = tmp_path / "share"
    other_entry = home / "applications" / "other.desktop"
    other_mime = home / "mime" / "packages" / "other.xml"
    other_entry.parent.mkdir(parents=True)
    other_entry.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    other_mime.parent.mkdir(parents=True)
    other_mime.write_text(SHIPPED_MIME.read_text().replace("torch-workbench", "other").replace("wbproj", "oth"))
    before = files_under(home)

    assert run_cli("install-desktop", home=home).returncode == 0
    assert run_cli("uninstall-desktop", home=home).returncode == 0

    left = files_under(home)
    assert before <= left
    assert not [f for f in left if APP_ID in f or "x-torch-workbench" in f]
    for f in left:  # regenerated caches no longer mention us
        assert "wbproj" not in (home / f).read_text(errors="replace"), f
    if shutil.which("update-mime-database"):
        assert "application/x-other-project:*.oth" in (home / "mime" / "globs2").read_text()


@linux_only
def test_uninstall_without_an_install_says_so(tmp_path):
    out = run_cli("uninstall-desktop", home=tmp_path)
    assert out.returncode == 0 and "nothing" in out.stdout


def test_shipped_desktop_entry_is_valid():
    values = entry_values(SHIPPED_ENTRY)
    assert values["Type"] == "Application" and values["Exec"] == "workbench %f"
    assert values["MimeType"] == MIME_TYPE + ";"
    assert values["Name[zh_CN]"]  # the primer's readers see a Chinese menu entry
    validate(SHIPPED_ENTRY)


def test_shipped_mime_type_is_json_with_the_wbproj_glob():
    root = ET.parse(SHIPPED_MIME).getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (mime,) = root.findall("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.wbproj"]
    assert [s.get("type") for s in mime.findall("m:sub-class-of", ns)] == ["application/json"]


@pytest.mark.parametrize("argv, expected", [
    (["/opt/wb/bin/workbench"], "/opt/wb/bin/workbench"),
    (["/home/li lei/.venv/bin/workbench"], '"/home/li lei/.venv/bin/workbench"'),
    (["/x/$HOME/workbench"], '"/x/\\\\$HOME/workbench"'),  # \$ inside quotes, then the string escape doubles \
    (["/usr/bin/python3", "-m", "workbench"], "/usr/bin/python3 -m workbench"),
    (["/tmp/100%/workbench"], "/tmp/100%%/workbench"),
])
def test_exec_line_quotes_what_the_spec_reserves(argv, expected):
    assert exec_value(argv) == expected


def test_an_entry_for_a_path_with_spaces_is_still_valid(tmp_path):
    entry = tmp_path / f"{APP_ID}.desktop"
    entry.write_text(desktop_entry(SHIPPED_ENTRY.read_text(encoding="utf-8"), ["/home/li lei/my env/bin/workbench"]),
                     encoding="utf-8")
    assert exec_argv(entry_values(entry)["Exec"]) == ["/home/li lei/my env/bin/workbench"]
    validate(entry)


def test_a_relative_xdg_data_home_is_ignored(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")  # the XDG spec says: invalid, use the default
    assert data_home() == Path.home() / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert data_home() == Path.home() / ".local" / "share"


def test_other_platforms_get_a_clear_message(monkeypatch, tmp_path, capsys):
    from workbench.cli import main

    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(DesktopError, match="packaging/README.md"):
        install_desktop(tmp_path)
    assert main(["install-desktop"]) == 2
    assert "Linux" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_resources_are_found_in_a_source_checkout():
    assert resources_dir() == ROOT / "resources"

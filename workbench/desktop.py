"""Desktop integration: where the shipped resources live, and the per-user Linux menu entry.

`workbench install-desktop` puts the menu entry, the icons and the `.wbproj`
mime type under $XDG_DATA_HOME (default ~/.local/share), with Exec pointing
at this installation's `workbench`, so the app appears in the menu and a
double-clicked project opens in it. `uninstall-desktop` takes back exactly
what install put there: install records it in a small manifest.

`resources_dir()` is also how the window finds its icon and translations, in
a source checkout, an installed wheel and a PyInstaller bundle alike.
Nothing here imports Qt.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.storage.atomic import atomic_write_bytes, atomic_write_text

APP_ID = "torch-workbench"
MIME_TYPE = "application/x-torch-workbench-project"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
# The data-files target in pyproject.toml: a wheel installs resources/ here, under the prefix.
SHARE_SUBDIR = Path("share") / APP_ID
MANIFEST = Path(APP_ID) / "installed.json"
_MARKER = Path("icons") / f"{APP_ID}.svg"  # a folder holding this is our resources/, not someone else's


class DesktopError(WorkbenchError):
    """Desktop integration cannot be done here (wrong platform, resources missing)."""


# ---------------------------------------------------------------------------
# Finding resources/

def resource_candidates() -> list[Path]:
    """Where resources/ may be, most specific first."""
    found = []
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks datas here
    if bundle:
        found.append(Path(bundle) / "resources")
    found.append(Path(__file__).resolve().parent.parent / "resources")  # source checkout / editable install
    # An installed wheel: data-files land under the installation scheme's data root,
    # which is sys.prefix for a venv and ~/.local for `pip install --user`.
    user_scheme = f"{os.name}_user" if os.name == "nt" else "posix_user"
    roots = [sysconfig.get_path("data")]
    try:
        roots.append(sysconfig.get_path("data", user_scheme))
    except KeyError:
        pass
    roots += [sys.prefix, sys.base_prefix]
    for root in roots:
        path = Path(root) / SHARE_SUBDIR
        if path not in found:
            found.append(path)
    return found


def resources_dir() -> Path:
    """The folder laid out like the repository's resources/ (icons/, the .desktop entry, mime XML)."""
    candidates = resource_candidates()
    for path in candidates:
        if (path / _MARKER).is_file():
            return path
    raise DesktopError("cannot find the app's resources (looked in " + ", ".join(map(str, candidates)) + ")")


def icon_path(size: int | None = None) -> Path:
    """The app icon: the PNG of `size` pixels, or the SVG source when size is None."""
    root = resources_dir() / "icons"
    if size is None:
        return root / f"{APP_ID}.svg"
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


# ---------------------------------------------------------------------------
# The Exec line

def launch_command() -> list[str]:
    """The command that starts this installation of the app, as argv."""
    # The `workbench` script of the running environment wins over whatever comes first on
    # PATH: the menu entry must start the same installation the user just ran.
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name in ("workbench", "workbench.exe") and argv0.is_file():
        return [os.path.abspath(argv0)]  # abspath, not resolve: keep a pipx/venv symlink stable
    beside = Path(sys.executable).parent / ("workbench.exe" if os.name == "nt" else "workbench")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("workbench")
    if found:
        return [os.path.abspath(found)]
    return [sys.executable, "-m", "workbench"]  # e.g. a source checkout that was never pip-installed


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_value(argv: list[str]) -> str:
    """argv quoted for a desktop entry's Exec key (freedesktop Desktop Entry spec, "The Exec key")."""
    parts = []
    for arg in argv:
        arg = arg.replace("%", "%%")  # a literal % is %% in Exec
        if _RESERVED & set(arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        parts.append(arg)
    # Exec is also a desktop-entry string, whose own escaping doubles every backslash.
    return " ".join(parts).replace("\\", "\\\\")


def desktop_entry(template: str, argv: list[str]) -> str:
    """The shipped .desktop text with Exec/TryExec pointing at `argv` (and %f for the project file)."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_value(argv) + " %f"
        elif line.startswith("TryExec="):
            line = "TryExec=" + argv[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Install / uninstall

def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def planned_files(res: Path) -> dict[str, Path]:
    """What install writes: target path relative to data home → source file (None: generated)."""
    files = {f"applications/{APP_ID}.desktop": res / f"{APP_ID}.desktop",
             f"mime/packages/{APP_ID}.xml": res / f"{APP_ID}-mime.xml",
             f"icons/hicolor/scalable/apps/{APP_ID}.svg": res / "icons" / f"{APP_ID}.svg"}
    for n in ICON_SIZES:
        rel = f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png"
        files[rel] = res / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
    return files


def _require_freedesktop() -> None:
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        raise DesktopError(f"install-desktop is for Linux desktops (freedesktop menus); on {sys.platform} "
                           "build the packaged app instead, see packaging/README.md")


def install_desktop(home: Path | None = None) -> list[str]:
    """Install the menu entry, icons and mime type for this user; returns what was done, one line each."""
    _require_freedesktop()
    home = home or data_home()
    res = resources_dir()
    argv = launch_command()
    manifest = _read_manifest(home)
    created_dirs = set(manifest.get("created_dirs", []))
    report = []
    for rel, source in planned_files(res).items():
        target = home / rel
        created_dirs.update(_missing_parents(target.parent, home))
        if rel.startswith("applications/"):
            atomic_write_text(target, desktop_entry(source.read_text(encoding="utf-8"), argv))
        else:
            atomic_write_bytes(target, source.read_bytes())
        report.append(f"installed {target}")
    report.append(f"menu entry starts: {exec_value(argv)} %f")
    created_dirs.update(_missing_parents(home / MANIFEST.parent, home))
    had_caches = {rel for rel in _OWN_CACHES if (home / rel).exists()}
    report += refresh_caches(home)
    created_caches = {rel for rel in _OWN_CACHES if (home / rel).exists() and rel not in had_caches}
    atomic_write_text(home / MANIFEST, json.dumps({
        "files": sorted(planned_files(res)) + [MANIFEST.as_posix()],
        "created_dirs": sorted(created_dirs),
        "created_caches": sorted(created_caches | set(manifest.get("created_caches", [])))}, indent=1) + "\n")
    return report


def uninstall_desktop(home: Path | None = None) -> list[str]:
    """Remove what install_desktop put under the data home; returns what was done, one line each."""
    _require_freedesktop()
    home = home or data_home()
    manifest = _read_manifest(home)
    # Without a manifest (installed by hand, or it was deleted) the file list is still known.
    files = manifest.get("files") or sorted({*_planned_names(), MANIFEST.as_posix()})
    report = []
    for rel in files:
        target = home / rel
        if target.is_file() or target.is_symlink():
            target.unlink()
            report.append(f"removed {target}")
    report += refresh_caches(home)
    # A cache install created goes once it indexes nothing but caches (nobody else's entries).
    for rel in manifest.get("created_caches", []):
        cache = home / rel
        if cache.is_file() and _only_caches(cache.parent, home):
            cache.unlink()
            report.append(f"removed {cache}")
    # Folders install created go too, once all that is left in them is caches the tools regenerate.
    removed = set()
    for rel in sorted(manifest.get("created_dirs", []), key=lambda r: r.count("/"), reverse=True):
        folder = home / rel
        if folder.is_dir() and _only_caches(folder, home):
            shutil.rmtree(folder)
            removed.add(rel)
    report += [f"removed {home / rel}/" for rel in sorted(removed) if rel.rpartition("/")[0] not in removed]
    if not report:
        report.append(f"nothing of Torch Workbench's was installed under {home}")
    return report


def _planned_names() -> list[str]:
    return list(planned_files(Path("resources")))


def _read_manifest(home: Path) -> dict:
    try:
        return json.loads((home / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _missing_parents(folder: Path, home: Path) -> list[str]:
    """Folders between home and `folder` that do not exist yet (relative, posix)."""
    missing = []
    while folder != home and home in folder.parents and not folder.exists():
        missing.append(folder.relative_to(home).as_posix())
        folder = folder.parent
    return missing


def _only_caches(folder: Path, home: Path) -> bool:
    """True when every file under `folder` is one the update-* tools generate."""
    for path in folder.rglob("*"):
        if path.is_dir():
            continue
        rel = path.relative_to(home).as_posix()
        generated = (path.name in ("mimeinfo.cache", "icon-theme.cache")
                     or (rel.startswith("mime/") and not rel.startswith("mime/packages/")))
        if not generated:
            return False
    return True


# Each cache tool, the folder it indexes, its arguments, and the cache file it writes. A missing
# tool is skipped: the desktop then notices the new files on its next scan, only later.
_CACHE_TOOLS = (
    ("update-desktop-database", "applications", ["-q"], "mimeinfo.cache"),
    ("update-mime-database", "mime", [], "mime.cache"),
    ("gtk-update-icon-cache", "icons/hicolor", ["-q", "-f", "-t"], "icon-theme.cache"),  # -t: no index.theme
)
# Single-file caches that install may create and uninstall then takes back.
_OWN_CACHES = ("applications/mimeinfo.cache", "icons/hicolor/icon-theme.cache")


def refresh_caches(home: Path) -> list[str]:
    report = []
    for tool, rel, args, cache in _CACHE_TOOLS:
        folder = home / rel
        if not folder.is_dir():
            continue
        if cache == "icon-theme.cache" and not (folder / cache).exists():
            # Only update an icon cache someone already keeps: one we created would go stale when
            # another program adds icons without updating it. A newer folder time tells icon
            # loaders to rescan instead.
            os.utime(folder)
            report.append(f"touched {folder} (no icon cache there to update)")
            continue
        exe = shutil.which(tool)
        if exe is None:
            report.append(f"skipped {tool} (not installed)")
            continue
        done = subprocess.run([exe, *args, str(folder)], capture_output=True, text=True)
        if done.returncode == 0:
            report.append(f"ran {tool} {folder}")
        else:  # a stale cache is an inconvenience, not a failed install
            why = (done.stderr.strip().splitlines() or ["no message"])[-1]
            report.append(f"warning: {tool} failed ({why})")
    return report


# ---------------------------------------------------------------------------
# The two CLI commands (wired in workbench/cli.py)

def cmd_install(args) -> int:
    for line in install_desktop():
        print(line)
    return 0


def cmd_uninstall(args) -> int:
    for line in uninstall_desktop():
        print(line)
    return 0

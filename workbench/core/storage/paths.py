"""Where the app keeps files it makes for the user, whatever the platform."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_data_dir() -> Path:
    """Where the app keeps data it makes for the user (demo images, runs of unsaved projects)."""
    override = os.environ.get("WORKBENCH_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Torch Workbench"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Torch Workbench"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "torch-workbench"

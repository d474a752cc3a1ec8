"""About Torch Workbench: the app's version, the versions it runs on, and what CUDA finds here."""

from __future__ import annotations

import html
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget


def app_version() -> str:
    try:
        return metadata.version("torch-workbench")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0.1.0"


def app_icon() -> QIcon:
    """The app icon (all PNG sizes, so every place that shows it gets a sharp one); empty if not found."""
    from workbench.desktop import ICON_SIZES, DesktopError, icon_path

    icon = QIcon()
    try:
        for size in ICON_SIZES:
            path = icon_path(size)
            if path.is_file():
                icon.addFile(str(path))
    except DesktopError:
        pass
    return icon


def versions() -> dict[str, str]:
    """Name → version of what the app runs on (PyTorch only if it is already loaded: no import here)."""
    from PySide6.QtCore import qVersion

    found = {"Python": sys.version.split()[0], "Qt": qVersion(), "PySide6": PySide6.__version__}
    for name in ("torch", "torchvision"):
        module = sys.modules.get(name)
        found[name] = getattr(module, "__version__", None) or _dist_version(name)
    return found


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "—"


def cuda_lines() -> list[str]:
    """One line per CUDA device, or why there is none (without importing torch)."""
    torch = sys.modules.get("torch")
    if torch is None:
        return []
    try:
        if not torch.cuda.is_available():
            return []
        return [f"cuda:{i} — {torch.cuda.get_device_name(i)} "
                f"({torch.cuda.get_device_properties(i).total_memory / 2**30:.1f} GiB)"
                for i in range(torch.cuda.device_count())]
    except Exception as e:  # a broken driver must not break the About box
        return [f"{type(e).__name__}: {e}"]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Torch Workbench"))
        layout = QHBoxLayout(self)
        self.icon_label = QLabel()
        icon = app_icon()
        if not icon.isNull():
            size = 96
            self.icon_label.setPixmap(icon.pixmap(size, size))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.icon_label)
        right = QVBoxLayout()
        layout.addLayout(right, 1)
        v = versions()
        self.title = QLabel(f"<h2>Torch Workbench {html.escape(app_version())}</h2>")
        right.addWidget(self.title)
        self.blurb = QLabel(self.tr("Build and train PyTorch image classifiers without writing the training script. "
                                    "The project file is plain JSON; <code>workbench train PROJECT</code> runs it "
                                    "without a window."))
        self.blurb.setWordWrap(True)
        right.addWidget(self.blurb)
        rows = [(self.tr("PyTorch"), v["torch"]), (self.tr("torchvision"), v["torchvision"]),
                (self.tr("Qt"), v["Qt"]), (self.tr("PySide6"), v["PySide6"]), (self.tr("Python"), v["Python"])]
        torch_loaded = "torch" in sys.modules
        devices = cuda_lines()
        if not torch_loaded:
            cuda = self.tr("not known yet (PyTorch is still loading)")
        elif devices:
            cuda = self.tr("available") + "<br>" + "<br>".join(html.escape(d) for d in devices)
        else:
            cuda = self.tr("not available: training runs on the CPU")
        rows.append((self.tr("CUDA"), cuda))
        table = "".join(f"<tr><td style='padding-right:12px'><b>{html.escape(k)}</b></td><td>{val}</td></tr>"
                        for k, val in rows)
        self.details = QLabel(f"<table>{table}</table>")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        right.addWidget(buttons)
        self.cuda_text = cuda

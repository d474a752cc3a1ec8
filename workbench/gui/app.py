"""Starting the window: `run_app(project_path_or_None) -> exit status` (called by `workbench`).

The window is shown before PyTorch is imported: the import (seconds on a
laptop) runs on a background thread and the Train button comes alive when it
is done. Nothing here imports torch.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "Torch Workbench"
ORG_NAME = "torch-workbench"


def make_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    return app


def run_app(project_path: str | None = None) -> int:
    app = make_app()
    from workbench.gui.background import TorchLoader

    loader = TorchLoader()
    loader.start()  # first: the import overlaps with building the window
    from workbench.gui.main_window import MainWindow

    window = MainWindow(torch_loader=loader)
    window.show()
    if project_path:
        path = Path(project_path)
        if path.exists():
            window.open_project(path, ask=False)
        else:
            window.show_error("Cannot open the project", f"{path}: no such project file")
    code = app.exec()
    if window.run is not None:  # the event loop ended some other way: never leave the thread running
        window.run.stop()
        window.run.wait()
    # Delete the widgets while the QApplication still exists: left to the interpreter's final garbage
    # collection, they may be destroyed after it, in any order, which can crash on exit.
    window.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del window
    import gc
    gc.collect()
    return code

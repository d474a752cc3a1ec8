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
    # Wayland and the task bar match the window to torch-workbench.desktop (its icon and name) by this.
    app.setDesktopFileName("torch-workbench")
    from workbench.gui.desktop import gc_policy
    from workbench.gui.dialogs.about import app_icon

    app.setWindowIcon(app_icon())  # every window, the task bar and the About box share it
    gc_policy.install(app)  # collections on the GUI thread only (see gc_policy)
    return app


def open_file(window, path: str | Path, ask: bool = True) -> None:
    """Open a project handed to the app (command line, second launch, Finder); a missing file is an error box."""
    from PySide6.QtCore import QCoreApplication

    path = Path(path)
    if path.exists():
        window.open_project(path, ask=ask)
    else:
        window.show_error(QCoreApplication.translate("app", "Cannot open the project"),
                          QCoreApplication.translate("app", "{path}: no such project file").format(path=path))


def _bring_forward(window) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def run_app(project_path: str | None = None) -> int:
    app = make_app()
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings

    from workbench.gui.desktop import i18n, single_instance
    from workbench.gui.desktop.theme import apply_theme
    from workbench.gui.dialogs import preferences

    settings = QSettings()
    i18n.install_for_settings(settings, app)  # before any widget exists: every string is made translated
    file_events = single_instance.FileOpenFilter(app)  # macOS: the Finder's double-click arrives as an event
    if sys.platform == "darwin":
        # A filter on the application sees every event of every widget and runs Python (taking the GIL) for
        # each: a few per cent of the training speed on a 2-core laptop. Only macOS sends QFileOpenEvent.
        app.installEventFilter(file_events)
    if project_path and preferences.second_launch(settings) == "hand_over" \
            and single_instance.send_to_running([project_path]):
        return 0  # the running window opens it
    apply_theme(preferences.theme(settings), app)
    from workbench.gui.runs.background import TorchLoader

    loader = TorchLoader()
    loader.start()  # first: the import overlaps with building the window
    from workbench.gui.main_window import MainWindow

    window = MainWindow(torch_loader=loader)
    window.show()
    from workbench.gui.desktop.recovery import offer_recovery

    offer_recovery(window)  # unsaved work a crashed session left behind
    if project_path:
        open_file(window, project_path, ask=False)
    elif preferences.reopen_last(settings) and preferences.last_project(settings) is not None:
        window.open_project(preferences.last_project(settings), ask=False)
    server = single_instance.InstanceServer(parent=window)
    server.listen()  # may fail (another instance serves): this window then just doesn't receive files

    def handed(path: str) -> None:
        _bring_forward(window)
        open_file(window, path)

    server.open_requested.connect(handed)
    file_events.deliver_to(handed)
    code = app.exec()
    if window.run is not None:  # the event loop ended some other way: never leave the thread running
        window.run.stop()
        window.run.wait()
    # Delete the widgets while the QApplication still exists: left to the interpreter's final garbage
    # collection, they may be destroyed after it, in any order, which can crash on exit.
    server.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del window
    import gc
    gc.collect()
    return code

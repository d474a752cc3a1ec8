"""Light, dark or the system's look, for the widgets and the pyqtgraph plots alike.

"system" keeps the platform style and palette (and follows the desktop when it
switches between light and dark); "light" and "dark" use Qt's Fusion style with
a fixed palette, which looks the same on every platform. pyqtgraph does not
read the Qt palette, so the plots are recoloured here too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

LIGHT_PLOT = {"background": "w", "foreground": (60, 60, 60)}
DARK_PLOT = {"background": (30, 30, 32), "foreground": (200, 200, 200)}

_original: dict = {}
_current = "system"


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(220, 220, 220)
    for role, color in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, window),
                        (QPalette.ColorRole.ToolTipBase, QColor(60, 60, 64)), (QPalette.ColorRole.ToolTipText, text),
                        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
                        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
                        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.BrightText, QColor(255, 90, 90)),
                        (QPalette.ColorRole.Link, QColor(110, 170, 255)),
                        (QPalette.ColorRole.Highlight, QColor(60, 120, 200)),
                        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))):
        p.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    return p


def is_dark() -> bool:
    """Whether the window is dark now (a dark theme, or the system's dark palette)."""
    if _current != "system":
        return _current == "dark"
    app = QGuiApplication.instance()
    if app is None:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def plot_colors() -> dict:
    """pyqtgraph's background / foreground for the current theme."""
    return dict(DARK_PLOT if is_dark() else LIGHT_PLOT)


def current() -> str:
    return _current


def apply_theme(theme: str, app: QApplication | None = None) -> None:
    """Switch the whole application to `theme` ("system", "light" or "dark") and recolour the plots."""
    global _current
    app = app or QApplication.instance()
    if app is None:
        return
    if not _original:
        _original.update(style=app.style().name(), palette=QPalette(app.palette()))
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _current == "system" and restyle_plots())
    _current = theme if theme in ("light", "dark") else "system"
    hints = app.styleHints()
    if _current == "system":
        hints.unsetColorScheme()
        app.setStyle(QStyleFactory.create(_original["style"]) or app.style())
        app.setPalette(_original["palette"])
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if _current == "dark" else Qt.ColorScheme.Light)
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_dark_palette() if _current == "dark" else app.style().standardPalette())
    restyle_plots(app)


def restyle_plots(app: QApplication | None = None) -> None:
    """Give every pyqtgraph plot the current theme's colours (and make new plots use them)."""
    import pyqtgraph as pg

    colors = plot_colors()
    pg.setConfigOptions(**colors)
    app = app or QApplication.instance()
    if app is None:
        return
    pen = pg.mkPen(colors["foreground"])
    for w in app.allWidgets():
        if isinstance(w, pg.PlotWidget):
            w.setBackground(colors["background"])
            item = w.getPlotItem()
            for name in ("left", "bottom", "right", "top"):
                axis = item.getAxis(name)
                axis.setPen(pen)
                axis.setTextPen(pen)
            title = item.titleLabel
            if title.text:
                title.setText(title.text, color=colors["foreground"])

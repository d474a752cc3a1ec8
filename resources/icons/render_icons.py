"""Regenerate the app icon PNGs from torch-workbench.svg.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/render_icons.py

Writes hicolor/<N>x<N>/apps/torch-workbench.png for every size in SIZES. The
SVG is the source of truth; run this after editing it (a test compares the
committed PNGs with a fresh render, so a forgotten run fails CI).

Qt's own SVG renderer is used (PySide6-Essentials ships QtSvg) so that the
build needs nothing beyond the app's dependencies.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "torch-workbench.svg"
NAME = "torch-workbench"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int, root: Path = HERE) -> Path:
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def render(size: int, source: Path = SOURCE):
    """The icon as a QImage of size×size (a QGuiApplication must exist)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def ensure_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, metavar="DIR",
                        help="write hicolor/ under DIR instead of beside the SVG (the tests render elsewhere)")
    args = parser.parse_args(argv)
    app = ensure_app()  # noqa: F841 - QImage/QPainter need a Gui application alive
    for size in SIZES:
        out = png_path(size, args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(out), "PNG"):
            raise SystemExit(f"{out}: could not write")
        print(f"{out}  {out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

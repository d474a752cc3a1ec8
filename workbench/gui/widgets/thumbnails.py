"""Small previews of image files for the gallery and the Predict panel.

`load_thumbnails` runs on the thread pool and returns numpy arrays (or the
reason a file could not be read); `to_pixmap` turns one into a QPixmap on the
GUI thread (QPixmap may only be made there).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

THUMB = 96  # pixels; what is decoded is capped at this, whatever the file's size


def load_thumbnails(paths, size: int = THUMB) -> list[np.ndarray | str]:
    """For each path an (H, W, 3) uint8 array no larger than ``size``, or a short reason it failed."""
    from workbench.core.data.images import ImageProblem, open_image
    from workbench.core.data.preview import to_rgb8

    out: list[np.ndarray | str] = []
    for path in paths:
        try:
            image = open_image(path, "RGB")
            image.thumbnail((size, size))
            out.append(to_rgb8(image))
        except ImageProblem as e:
            out.append(str(e))
        except OSError as e:
            out.append(e.strerror or str(e))
    return out


def to_pixmap(rgb: np.ndarray, size: int = THUMB) -> QPixmap:
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    # Small images are scaled up without smoothing: a blurred 16×16 picture hides what the model saw.
    mode = (Qt.TransformationMode.FastTransformation if max(h, w) < size
            else Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, mode)

"""Explain: where the model looks, laid over the pictures the user already sees (Predict's rows, a gallery's
thumbnails). The controls choose the method, the class explained and the opacity; the attributions are worked out
on the thread pool with a model of their own (Captum hooks must not meet a prediction running at the same time),
a few images at a time, and kept at thumbnail size, so opacity changes redraw at once.

Public API::

    controls = ExplainControls(parent)          # Explain ☐  method ▾  class ▾  opacity ──
    controls.set_classes(classes); controls.on / method / target / opacity
    controls.settings_changed / controls.opacity_changed   # Signals()
    explainer = Explainer(controls, show, parent)          # show(key, heat | None): draw one picture again
    explainer.set_checkpoint(path); explainer.set_images({key: path}); explainer.heat -> {key: array}
    explainer.done                                          # Signal(): every image asked for has its map
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSlider, QWidget

from workbench.gui.runs.background import error_text, run_task

# (core method, label) in the order offered; Grad-CAM first: one backward pass, and the map teachers show.
METHODS = (("gradcam", QT_TRANSLATE_NOOP("ExplainControls", "Grad-CAM")),
           ("integrated-gradients", QT_TRANSLATE_NOOP("ExplainControls", "Integrated Gradients")),
           ("occlusion", QT_TRANSLATE_NOOP("ExplainControls", "Occlusion")))
HEAT_SIZE = 192  # pixels: attributions are kept at most this large (thumbnails are smaller)
CHUNK = 8  # images per task: a new setting takes effect after at most this many


def explain_job(checkpoint: str, loaded, paths: list[str], method: str, target: str | None):
    """On the pool: the attribution of each path (at most HEAT_SIZE on a side), or why it failed; ``loaded`` is
    the (Checkpoint, model) an earlier chunk built, or None."""
    import numpy as np
    from PIL import Image

    from workbench.core.results.explain import explain
    from workbench.core.training.checkpoints import load_checkpoint

    if loaded is None:
        ckpt = load_checkpoint(checkpoint)
        loaded = (ckpt, ckpt.build_model().eval())
    ckpt, model = loaded
    out = []
    for path in paths:
        try:
            a = explain(ckpt, path, method, target, model=model).attribution
        except Exception as e:  # an unreadable file, a class the model lacks: said on that picture only
            out.append(error_text(e))
            continue
        h, w = a.shape
        scale = min(1.0, HEAT_SIZE / max(h, w))
        if scale < 1:
            a = np.asarray(Image.fromarray(a, "F").resize((max(1, round(w * scale)), max(1, round(h * scale))),
                                                          Image.BILINEAR))
        out.append(a)
    return loaded, out


def _ramp_pixmap(width: int, height: int) -> QPixmap:
    import numpy as np

    from workbench.core.results.explain import colormap

    rgb = (colormap(np.linspace(0, 1, width, dtype=np.float32))[None].repeat(height, 0) * 255).astype(np.uint8)
    image = QImage(np.ascontiguousarray(rgb).data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


class ExplainControls(QWidget):
    settings_changed = Signal()  # on/off, method or class: the maps are worked out again
    opacity_changed = Signal()  # only redrawn

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QCheckBox(self.tr("Explain"))
        self.toggle.setToolTip(self.tr("Lay a heat map over each picture: where the model looked for its answer"))
        self.method_box = QComboBox()
        for key, label in METHODS:
            self.method_box.addItem(self.tr(label), key)
        self.method_box.setToolTip(self.tr("Grad-CAM: quick, coarse (the last convolution). Integrated Gradients: "
                                           "pixel by pixel. Occlusion: what covering each patch changes (slow)."))
        self.target_box = QComboBox()
        self.target_box.setToolTip(self.tr("The class whose evidence is shown"))
        self.target_box.addItem(self.tr("predicted class"), None)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(60)
        self.opacity_slider.setFixedWidth(90)
        self.opacity_slider.setToolTip(self.tr("Opacity of the heat map"))
        self.opacity_label = QLabel(self.tr("Opacity"))
        # The heat map's colours, so a reader knows red is where the evidence is.
        self.legend = QLabel()
        self.legend.setPixmap(_ramp_pixmap(48, 10))
        self.legend.setToolTip(self.tr("blue: little evidence for the class · red: the most"))
        self.legend_low, self.legend_high = QLabel(self.tr("low")), QLabel(self.tr("high"))
        for w in (self.toggle, self.method_box, self.target_box, self.opacity_label, self.opacity_slider,
                  self.legend_low, self.legend, self.legend_high):
            layout.addWidget(w)
        layout.addStretch(1)
        self.toggle.toggled.connect(self._toggled)
        self.method_box.currentIndexChanged.connect(self.settings_changed)
        self.target_box.currentIndexChanged.connect(self.settings_changed)
        self.opacity_slider.valueChanged.connect(self.opacity_changed)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        for w in (self.method_box, self.target_box, self.opacity_label, self.opacity_slider):
            w.setEnabled(on)
        for w in (self.legend_low, self.legend, self.legend_high):
            w.setVisible(on)
        self.settings_changed.emit()

    def set_classes(self, classes) -> None:
        current = self.target
        self.target_box.blockSignals(True)
        while self.target_box.count() > 1:
            self.target_box.removeItem(1)
        for name in classes:
            self.target_box.addItem(name, name)
        index = self.target_box.findData(current) if current is not None else 0
        self.target_box.setCurrentIndex(max(0, index))
        self.target_box.blockSignals(False)

    @property
    def on(self) -> bool:
        return self.toggle.isChecked()

    @property
    def method(self) -> str:
        return self.method_box.currentData()

    @property
    def target(self) -> str | None:
        return self.target_box.currentData()

    @property
    def opacity(self) -> float:
        return self.opacity_slider.value() / 100


class Explainer(QObject):
    """Works out the maps the controls ask for, for the images shown, and has each picture drawn again."""

    done = Signal()
    failed = Signal(str)

    def __init__(self, controls: ExplainControls, show, parent=None):
        super().__init__(parent)
        self.controls, self.show = controls, show
        self.checkpoint: str | None = None
        self.images: dict = {}  # key -> path
        self.heat: dict = {}  # key -> attribution (or the reason there is none) for the current settings
        self._loaded = None  # (Checkpoint, model) for self.checkpoint, built once on the pool
        self._generation = 0  # bumped by every change: a chunk for older settings is dropped
        self._running = False
        controls.settings_changed.connect(self._restart)
        controls.opacity_changed.connect(self._redraw)

    def set_checkpoint(self, path) -> None:
        self.checkpoint = str(path) if path else None
        self._loaded = None
        self._restart()

    def set_images(self, images: dict) -> None:
        self.images = dict(images)
        self.heat = {k: v for k, v in self.heat.items() if k in self.images}
        self._pump()

    def _restart(self) -> None:
        self._generation += 1
        changed = list(self.heat)
        self.heat.clear()
        for key in changed:
            self.show(key, None)
        self._pump()

    def _redraw(self) -> None:
        for key, heat in self.heat.items():
            self.show(key, heat)

    @property
    def busy(self) -> bool:
        return self._running

    def _pump(self) -> None:
        if self._running or not self.controls.on or self.checkpoint is None:
            return
        todo = [k for k in self.images if k not in self.heat][:CHUNK]
        if not todo:
            self.done.emit()
            return
        self._running = True
        generation, checkpoint = self._generation, self.checkpoint
        run_task(explain_job, checkpoint, self._loaded, [self.images[k] for k in todo], self.controls.method,
                 self.controls.target, on_done=lambda out: self._chunk(generation, checkpoint, todo, out),
                 on_error=self._failed)

    def _chunk(self, generation: int, checkpoint: str, keys: list, out) -> None:
        self._running = False
        loaded, maps = out
        if checkpoint == self.checkpoint:
            self._loaded = loaded
        if generation == self._generation:
            for key, heat in zip(keys, maps):
                if key in self.images:
                    self.heat[key] = heat
                    self.show(key, heat)
        self._pump()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self.failed.emit(error_text(error))

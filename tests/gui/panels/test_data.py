"""The dataset panel: built-in data sets, transforms, the preview, mean/std and downloads."""

from __future__ import annotations

from tests.gui.conftest import DATA_TIMEOUT_MS
from tests.helpers import write_mnist_idx


def test_a_builtin_data_set_from_its_files_on_disk(qtbot, window, tmp_path):
    root = write_mnist_idx(tmp_path / "tv")
    panel = window.dataset_panel
    panel.root_edit.setText(str(root))
    panel.kind_builtin.setChecked(True)
    panel.builtin_combo.setCurrentIndex(panel.builtin_combo.findData("MNIST"))
    panel.val_combo.setCurrentIndex(panel.val_combo.findData("builtin"))
    src = window.project.data.source
    assert (src.kind, src.name, src.root) == ("torchvision", "MNIST", str(root))
    # 32 validation images: the built-in test split, not a fraction of the training set.
    qtbot.waitUntil(lambda: panel.bundle is not None and sum(panel.bundle.counts("val")) == 32,
                    timeout=DATA_TIMEOUT_MS)
    assert panel.bundle.input_shape == [1, 28, 28] and panel.bundle.num_classes == 10
    assert window.model_panel.plan.input_shape == [1, 28, 28] and window.model_panel.plan.output_shape == [10]
    # An image folder has no built-in split: the choice is greyed out there.
    panel.kind_folder.setChecked(True)
    item = panel.val_combo.model().item(panel.val_combo.findData("builtin"))
    assert not item.isEnabled() and window.project.data.validation.kind == "split"


def test_missing_builtin_files_say_where_they_are_expected(qtbot, window, tmp_path):
    panel = window.dataset_panel
    panel.root_edit.setText(str(tmp_path / "empty"))
    panel.kind_builtin.setChecked(True)
    panel.builtin_combo.setCurrentIndex(panel.builtin_combo.findData("CIFAR10"))
    qtbot.waitUntil(lambda: panel.error is not None and "CIFAR10" in panel.error, timeout=DATA_TIMEOUT_MS)
    assert "download" in panel.summary_label.text()
    # The model panel still knows the shape and classes from the catalogue.
    assert window.model_panel.plan.input_shape == [3, 32, 32] and window.model_panel.plan.output_shape == [10]


def test_preview_shows_samples_before_and_after_and_resamples(qtbot, window):
    panel = window.dataset_panel
    qtbot.waitUntil(lambda: getattr(panel, "preview_shown", 0) == 4, timeout=DATA_TIMEOUT_MS)
    top, bottom = panel.preview_labels[0]
    assert not top.pixmap().isNull() and not bottom.pixmap().isNull()
    panel.augment_editor.add("RandomVerticalFlip")
    assert [op.type for op in window.project.data.augment] == ["RandomVerticalFlip"]
    with qtbot.waitSignal(panel.preview_task.done, timeout=DATA_TIMEOUT_MS):  # the edit shows new samples
        pass
    before = [top.pixmap().toImage() for top, _ in panel.preview_labels]
    with qtbot.waitSignal(panel.preview_task.done, timeout=DATA_TIMEOUT_MS):
        panel.resample_button.click()
    assert [top.pixmap().toImage() for top, _ in panel.preview_labels] != before  # other images
    # Each thumbnail is captioned with its class, whole, the one its image comes from.
    for (top, _), caption in zip(panel.preview_labels, panel.preview_captions):
        assert caption.isVisible() and caption.text() in ("circle", "square", "triangle")
        assert top.toolTip().startswith(caption.text() + " ")


def test_transforms_reorder_remove_and_resize_changes_the_input_shape(qtbot, window):
    panel = window.dataset_panel
    editor = panel.transforms_editor
    editor.list.setCurrentRow(-1)
    editor.add("Resize")
    assert [op.type for op in window.project.data.transforms] == ["ToTensor", "Resize"]
    editor.move(-1)
    assert [op.type for op in window.project.data.transforms] == ["Resize", "ToTensor"]
    editor.form.editor("size").inner.setText("24")
    assert window.project.data.transforms[0].args == {"size": 24}
    qtbot.waitUntil(lambda: panel.bundle is not None and panel.bundle.input_shape == [3, 24, 24],
                    timeout=DATA_TIMEOUT_MS)
    assert window.model_panel.plan.input_shape == [3, 24, 24]
    editor.list.setCurrentRow(0)
    editor.remove()
    assert [op.type for op in window.project.data.transforms] == ["ToTensor"]


def test_compute_mean_std_fills_normalize(qtbot, window):
    panel = window.dataset_panel
    panel.mean_std_button.click()
    qtbot.waitUntil(lambda: any(op.type == "Normalize" for op in window.project.data.transforms),
                    timeout=DATA_TIMEOUT_MS)
    ops = window.project.data.transforms
    assert [op.type for op in ops] == ["ToTensor", "Normalize"]
    mean, std = ops[1].args["mean"], ops[1].args["std"]
    assert len(mean) == 3 and len(std) == 3 and all(0 < m < 1 for m in mean) and all(s > 0 for s in std)
    assert window.dirty


def test_a_download_can_be_cancelled(qtbot, window, tmp_path, monkeypatch):
    panel = window.dataset_panel
    panel.root_edit.setText(str(tmp_path / "tv"))
    panel.kind_builtin.setChecked(True)
    # A stand-in for a long download: the real one needs the network.
    monkeypatch.setattr(type(panel), "download_command",
                        staticmethod(lambda info, root: ["-c", "import time; time.sleep(60)"]))
    panel.download_button.click()
    assert panel.download_bar.isVisibleTo(panel) and panel.download_cancel.isVisibleTo(panel)
    panel.download_cancel.click()
    qtbot.waitUntil(lambda: panel._download is None, timeout=DATA_TIMEOUT_MS)
    assert not panel.download_bar.isVisibleTo(panel) and panel.download_button.isEnabled()
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_failed_download_says_why(qtbot, window, tmp_path, monkeypatch):
    panel = window.dataset_panel
    panel.kind_builtin.setChecked(True)
    monkeypatch.setattr(type(panel), "download_command", staticmethod(
        lambda info, root: ["-c", "import sys; print('no network'); sys.exit(1)"]))
    panel.download_button.click()
    qtbot.waitUntil(lambda: panel._download is None, timeout=DATA_TIMEOUT_MS)
    assert "Download failed: no network" in window.statusBar().currentMessage()


def test_a_large_folder_is_scanned_in_the_background_with_progress(qtbot, tmp_path, settings):
    """Checking every image of a big folder takes seconds: the panel counts them out as it goes."""
    from bench.bench_scan import write_folder
    from tests.gui.conftest import DATA_TIMEOUT_MS, make_window
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import project_from_dict

    folder = write_folder(tmp_path / "big", 12_000)  # about half a second of checking: several progress ticks
    window = make_window(qtbot, project_from_dict(minimal_project_doc(folder)), settings)
    shown = []
    window.dataset_panel.status.connect(shown.append)
    with qtbot.waitSignal(window.prepared.ready, timeout=DATA_TIMEOUT_MS):
        window.prepared.schedule(immediately=True)  # as when the folder is chosen
    progress = [text for text in shown if text.startswith("Checking images")]
    assert progress, shown
    counts = [int(text.split()[2].replace(",", "")) for text in progress]
    assert all(text.endswith(" of 12,000…") for text in progress), progress
    assert counts == sorted(set(counts)) and all(c % 256 == 0 and 0 < c < 12_000 for c in counts), progress
    assert "<b>10 classes</b>" in window.dataset_panel.summary_label.text()


def test_a_grayscale_folder_says_so_and_can_be_read_as_rgb(qtbot, window, tmp_path):
    from PIL import Image

    from tests.helpers import make_shapes_folder

    folder = make_shapes_folder(tmp_path / "gray", per_class=6, size=16)
    for png in folder.rglob("*.png"):
        Image.open(png).convert("L").save(png)
    panel = window.dataset_panel
    panel.set_folder(str(folder))
    qtbot.waitUntil(lambda: panel.bundle is not None and panel.bundle.input_shape == [1, 16, 16],
                    timeout=DATA_TIMEOUT_MS)
    assert "read as grayscale" in panel.summary_label.text() and "grayscale" in panel.summary_label.text()
    panel.color_combo.setCurrentIndex(panel.color_combo.findData("rgb"))  # e.g. for a pretrained base
    assert window.project.data.color_mode == "rgb"
    qtbot.waitUntil(lambda: panel.bundle is not None and panel.bundle.input_shape == [3, 16, 16],
                    timeout=DATA_TIMEOUT_MS)
    assert "read as RGB" in panel.summary_label.text()
    window.document.undo_stack.undo()
    assert window.project.data.color_mode == "auto" and panel.color_combo.currentData() == "auto"


def test_the_data_tab_warns_about_a_tiny_data_set(qtbot, tmp_path, settings):
    from tests.gui.conftest import make_window
    from tests.reliability.test_small_data import one_image_per_class
    from workbench.core.project.io import project_from_dict

    window = make_window(qtbot, project_from_dict(one_image_per_class(tmp_path)), settings)
    panel = window.dataset_panel
    qtbot.waitUntil(lambda: panel.bundle is not None, timeout=DATA_TIMEOUT_MS)
    assert "warning: class circle has no validation images" in panel.summary_label.text()
    assert "has only 1 image" in panel.summary_label.text()

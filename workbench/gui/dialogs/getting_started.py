"""Help › Getting started: the steps of a PyTorch training script, each with the place in the window where it
happens, and links to the docs.

The guide is written once, here, in English, in the order of the PyTorch primer the app automates
(PyTorch入门教程: data, model, loss and optimizer, the loop, saving, pretrained models, GPU, TensorBoard);
its Chinese lives in the translation catalogue like every other string. The places it names are the
window's own texts (a tab, a menu entry, a group box), translated in the window's contexts, so the guide
names exactly what the user sees in either language and cannot drift from it unnoticed: a test looks
every place up in the window.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from workbench.gui.widgets.shortcuts import plain_menu_text

CONTEXT = "GettingStarted"
# docs/ of the source checkout (what `make run` installs, editable). An installed wheel has no docs:
# the guide then names the files without linking them.
DOCS_DIR = Path(__file__).resolve().parents[3] / "docs"

UiText = tuple[str, str]  # (translation context, source text) of a string the window shows


@dataclass(frozen=True)
class Place:
    kind: str                  # "tab" or "menu": the window has a Model tab and a Model menu
    top: str                   # the tab's or the menu's text (the main window's)
    inside: tuple[UiText, ...] = ()  # what to look for in it, outermost first


def _tab(text: str, *inside: UiText) -> Place:
    return Place("tab", text, inside)


def _menu(text: str, *inside: UiText) -> Place:
    return Place("menu", text, inside)


@dataclass(frozen=True)
class GuideStep:
    title: str                 # the step, as the primer names it
    code: str                  # the PyTorch names it stands for; code is never translated
    places: tuple[Place, ...]  # where it happens
    how: str                   # what to do there


@dataclass(frozen=True)
class DocLink:
    file: str   # under docs/
    about: str


_TEMPLATES = ("ModelPanel", "&Templates")

STEPS = (
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Read the data"),
        "Dataset, ImageFolder, torchvision.datasets.CIFAR10",
        (_tab("Data", ("DatasetPanel", "Source")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Choose an image folder with one sub-folder per class (the layout ImageFolder reads, so "
                          "there is no Dataset class to write), or drop a folder anywhere on the window; or pick a "
                          "built-in torchvision data set such as CIFAR10 and press Download. The summary counts the "
                          "images of each class and lists the files it had to skip.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Transforms"),
        "transforms.Compose([Resize, ToTensor, Normalize])",
        (_tab("Data", ("DatasetPanel", "Transforms (training and validation)")),
         _tab("Data", ("DatasetPanel", "Augmentation (training only, random)"))),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Add transforms in order, like the list you pass to transforms.Compose; each has a form "
                          "for its arguments. Augmentation (random flips, crops…) is applied to training images "
                          "only. The preview shows images before and after the pipeline, and Compute mean/std "
                          "fills in Normalize for you.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Load the data in batches"),
        "DataLoader(batch_size, shuffle, drop_last, num_workers)",
        (_tab("Data", ("DatasetPanel", "Loader")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "The fields are DataLoader's arguments: how many images per batch, whether to shuffle "
                          "them every epoch, whether to drop an incomplete last batch, and how many worker "
                          "processes load batches in parallel (0: the training process loads them itself).")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Build the model"),
        "nn.Sequential(nn.Conv2d, nn.MaxPool2d, nn.Flatten, nn.Linear)",
        (_tab("Model"), _menu("&Model", _TEMPLATES)),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Double-click a layer in the palette on the left to add it below the selected row, then "
                          "set its arguments under the table. Every row shows the layer's output shape and "
                          "parameter count, so a wrong in_features shows at once, in red, with the reason; "
                          "in_channels and in_features may stay empty and are worked out from the shapes. "
                          "Templates load the primer's networks and a few more; the PyTorch code tab shows the "
                          "nn.Sequential you have built.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Loss function and optimizer"),
        "nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr)",
        (_tab("Training", ("TrainingPanel", "Loss")), _tab("Training", ("TrainingPanel", "Optimizer"))),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Pick the loss function and the optimizer from their lists; the optimizer's form holds "
                          "the learning rate (lr) and its other arguments. The number of epochs, a learning-rate "
                          "scheduler and early stopping are on the same tab.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Train and validate"),
        "model.train(), loss.backward(), optimizer.step(), model.eval(), torch.no_grad()",
        (_menu("&Run", ("MainWindow", "&Train")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Train (F5, or the Train button above the plots) runs the primer's loop for you: every "
                          "epoch trains on all batches, then validates with the model in eval mode. The plots draw "
                          "the loss of each batch, then each epoch's loss and accuracy, as they come. Pause and "
                          "Stop act after the current batch. The Validation box on the Data tab chooses which "
                          "images the model is validated on.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Evaluate the trained model"),
        "outputs.argmax(1) == targets",
        (_tab("Results"),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "After training (or loading a checkpoint) this tab shows the accuracy, the precision and "
                          "recall of each class, the confusion matrix, and the wrong answers the model was surest "
                          "of. It can also evaluate the model on another image folder.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Save and load the model"),
        "torch.save(model.state_dict(), path), model.load_state_dict(torch.load(path))",
        (_menu("&File", ("MainWindow", "Save &model…")), _menu("&File", ("MainWindow", "&Load model…"))),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Save model writes a .pth state_dict, which your own script reads with "
                          "model.load_state_dict(torch.load(path)), or a full checkpoint. Load model puts a "
                          "state_dict into the current model, or opens a checkpoint to look at or to go on "
                          "training. Every run also keeps its model.pth in its run folder.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Pretrained models"),
        "torchvision.models.vgg16(pretrained=True), vgg16.classifier[6] = nn.Linear(4096, 10)",
        (_menu("&Model", _TEMPLATES, ("ModelPanel", "Pretrained (torchvision, head replaced)")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Choose vgg16, resnet18 or another of eighteen torchvision models with ImageNet weights: "
                          "its last layer is replaced by a Linear layer for your classes, as the primer does with "
                          "classifier[6], and the Data tab's transforms become the preprocessing those weights "
                          "expect. Freeze backbone, on the Model tab, trains only that new layer; the Training "
                          "tab's fine-tuning schedule trains it alone for a few epochs, then the whole network with "
                          "a lower learning rate for the backbone. The weights are downloaded once, so the first "
                          "time needs an internet connection (or copy the file where the message says).")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Train on the GPU"),
        "torch.device(\"cuda:0\"), model.to(device)",
        (_tab("Training", ("TrainingPanel", "Run"), ("Fields", "device")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "\"auto\" uses the GPU whenever PyTorch finds one; the list names the devices of this "
                          "computer and their memory. The model, the data and the loss are moved to it for you. "
                          "Preferences (Edit menu) set the device that new projects start with.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Record the run with TensorBoard"),
        "SummaryWriter, add_scalar, tensorboard --logdir",
        (_tab("Runs", ("RunsPanel", "Open TensorBoard")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Every run writes TensorBoard logs (losses, accuracy, sample images, the model's graph) "
                          "into its folder. Open TensorBoard starts it on this project's runs and opens it in your "
                          "browser. The tab also lists the past runs and draws their curves over each other.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Predict new images"),
        "model(image.unsqueeze(0)).softmax(1)",
        (_tab("Predict"),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Drop images or a folder on the tab (or add them with its buttons) to see the classes "
                          "the trained model gives each image, with their probabilities.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Check the data and where the model looks"),
        "cleanlab.filter.find_label_issues(labels, pred_probs), captum.attr.LayerGradCam(model, layer)",
        (_tab("Data health"), _tab("Predict")),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Find label issues trains the model a few times, each without a part of the images, and "
                          "lists the images whose label the other models disagree with; Find duplicates shows "
                          "copies of one picture, and copies across training and validation. Move a file to another "
                          "class, exclude it or send it to the trash: Undo takes any of it back. Tick Explain on "
                          "the Predict tab or in a gallery to see where the model looked.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Export the model"),
        "torch.save(model), torch.jit.script(model), torch.onnx.export(model, …)",
        (_menu("&File", ("MainWindow", "&Export model…")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Write the model as TorchScript, ONNX, safetensors or a whole pickled model, or write "
                          "a plain PyTorch training script that does what the window does.")),
    GuideStep(
        QT_TRANSLATE_NOOP("GettingStarted", "Try many settings and keep the best"),
        "for lr in (1e-3, 1e-2, 1e-1): train(model, lr)",
        (_tab("Experiments", ("ExperimentsPanel", "What to vary")),),
        QT_TRANSLATE_NOOP("GettingStarted",
                          "Pick what to vary (the learning rate, the batch size, a layer's width…) and how many "
                          "trials, and press Start: each trial trains the project with other values, in a process "
                          "of its own; the table and the plots compare them, and Open as project keeps the best "
                          "trial's values (one Undo takes them back).")),
)

DOCS = (
    DocLink("getting-started.md",
            QT_TRANSLATE_NOOP("GettingStarted", "this guide, with the primer's code for each step")),
    DocLink("reliability.md",
            QT_TRANSLATE_NOOP("GettingStarted",
                              "what happens with bad input: unreadable images, layers that do not fit, a loss "
                              "that turns NaN")),
    DocLink("performance.md",
            QT_TRANSLATE_NOOP("GettingStarted", "how fast training is, measured against the primer's plain loop")),
    DocLink("distributed.md",
            QT_TRANSLATE_NOOP("GettingStarted", "training on several GPUs or processes at once")),
    DocLink("data-health.md",
            QT_TRANSLATE_NOOP("GettingStarted", "wrong labels, duplicates and where the model looks")),
    DocLink("backbones.md",
            QT_TRANSLATE_NOOP("GettingStarted", "the pretrained models: their preprocessing, fine-tuning, weights "
                                                "offline")),
    DocLink("experiments-window.md",
            QT_TRANSLATE_NOOP("GettingStarted", "sweeps in the window: many trainings with different settings, "
                                                "compared")),
)


TITLE = QT_TRANSLATE_NOOP("GettingStarted", "Getting started")
INTRO = QT_TRANSLATE_NOOP("GettingStarted",
                          "Torch Workbench runs the steps of a PyTorch training script for you. Each row below "
                          "takes one step of such a script, in the order of the PyTorch primer (PyTorch入门教程), "
                          "and shows where it happens in the window. The starter project is ready to go: press "
                          "Train (F5) and watch the plots.")
SCRIPT_COLUMN = QT_TRANSLATE_NOOP("GettingStarted", "In a PyTorch script")
WINDOW_COLUMN = QT_TRANSLATE_NOOP("GettingStarted", "In the window")
DOCS_HEADING = QT_TRANSLATE_NOOP("GettingStarted", "More in the docs (in English)")
DOC_ITEM = QT_TRANSLATE_NOOP("GettingStarted", "{file}: {about}")
TOP_LABELS = {"tab": QT_TRANSLATE_NOOP("GettingStarted", "{name} tab"),
              "menu": QT_TRANSLATE_NOOP("GettingStarted", "{name} menu")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def ui_text(context: str, text: str) -> str:
    """A text of the window as it shows it, in its language, without mnemonic and ellipsis."""
    return plain_menu_text(QCoreApplication.translate(context, text))


def place_text(place: Place) -> str:
    """A place in the window's words and language: "File menu › Save model"."""
    top = _tr(TOP_LABELS[place.kind]).format(name=ui_text("MainWindow", place.top))
    return " › ".join([top] + [ui_text(context, text) for context, text in place.inside])


def doc_links(docs_dir: Path = DOCS_DIR) -> dict[str, Path]:
    """file name → path of each linked doc that exists here."""
    return {d.file: docs_dir / d.file for d in DOCS if (docs_dir / d.file).is_file()}


def _step_row(number: int, step: GuideStep) -> str:
    e = html.escape
    places = "<br>".join(f"<b>{e(place_text(place))}</b>" for place in step.places)
    return (f"<tr><td valign='top' width='36%'><b>{number}. {e(_tr(step.title))}</b><br>"
            f"<code>{e(step.code)}</code></td>"
            f"<td valign='top'>{places}<br>{e(_tr(step.how))}</td></tr>")


def _doc_item(doc: DocLink, found: dict[str, Path]) -> str:
    name = html.escape(f"docs/{doc.file}")
    path = found.get(doc.file)
    link = f"<a href='{QUrl.fromLocalFile(str(path)).toString()}'>{name}</a>" if path else f"<code>{name}</code>"
    return f"<li>{html.escape(_tr(DOC_ITEM)).format(file=link, about=html.escape(_tr(doc.about)))}</li>"


def guide_html(docs_dir: Path = DOCS_DIR) -> str:
    """The whole guide as rich text, in the window's language."""
    e = html.escape
    found = doc_links(docs_dir)
    return (f"<h2>{e(_tr(TITLE))}</h2><p>{e(_tr(INTRO))}</p>"
            "<table width='100%' cellspacing='0' cellpadding='6' border='1' style='border-collapse: collapse'>"
            f"<tr><th align='left'>{e(_tr(SCRIPT_COLUMN))}</th><th align='left'>{e(_tr(WINDOW_COLUMN))}</th></tr>"
            + "".join(_step_row(n, step) for n, step in enumerate(STEPS, 1)) + "</table>"
            f"<h3>{e(_tr(DOCS_HEADING))}</h3><ul>" + "".join(_doc_item(d, found) for d in DOCS) + "</ul>")


class GettingStartedDialog(QDialog):
    """The guide beside the window (not modal: the user follows it in the window)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_tr(TITLE))
        self.resize(860, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        # Links are local Markdown files: the system's viewer opens them, not this browser.
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.open_link)
        self.browser.setHtml(guide_html())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_link(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)


def show_getting_started(parent: QWidget) -> GettingStartedDialog:
    """Show the guide, reusing the one already open so that asking twice does not stack copies."""
    dialog = next((d for d in parent.findChildren(QDialog) if isinstance(d, GettingStartedDialog)), None) \
        or GettingStartedDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

"""The `workbench` command: no arguments opens the window; subcommands run headless.

Exit status (DESIGN.md): 0 done; 2 bad input (one line naming the file, field
or layer, never a traceback); 3 the run stopped itself; 130 interrupted.
Machine-readable output (--json) goes to stdout alone; everything else to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workbench import __version__
from workbench.core.catalogs.architectures import ARCHITECTURES
from workbench.core.i18n import _, ngettext

EXIT_OK, EXIT_BAD_INPUT, EXIT_STOPPED, EXIT_INTERRUPTED = 0, 2, 3, 130


def build_parser() -> argparse.ArgumentParser:
    from workbench.core.project.fields import COMPILE_MODES

    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Torch Workbench: build and train PyTorch image classifiers. "
                    "Without a command, opens the window (on PROJECT when given).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("new", help="write a project for an image folder (one sub-folder per class): a starter "
                                   "model sized to its images and classes")
    p.add_argument("folder", type=Path)
    p.add_argument("-o", "--out", type=Path, metavar="PROJECT.wbproj",
                   help="where to write it (default: FOLDER's name + .wbproj, beside the folder)")
    p.add_argument("--force", action="store_true", help="overwrite an existing project file")
    p.add_argument("--base", metavar="ARCHITECTURE", choices=list(ARCHITECTURES),
                   help="start from a pretrained torchvision model instead (head replaced, backbone frozen), with "
                        "the preprocessing its weights expect as the transforms: " + ", ".join(ARCHITECTURES))
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("summary", help="print the model's layers, output shapes and parameter counts")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON to stdout")
    p.set_defaults(run=cmd_summary)

    p = sub.add_parser("train", help="train the project headless and write a run directory")
    p.add_argument("project", type=Path, help="a .wbproj file, or an image folder (its project is made, or reused)")
    p.add_argument("--epochs", type=int, metavar="N", help="total epochs (with --resume: train until epoch N)")
    p.add_argument("--device", metavar="D", help="auto, cpu, cuda, cuda:1, mps (overrides the project)")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder in which the run directory is created "
                                                          "(default: runs/ beside the project)")
    p.add_argument("--compile", choices=COMPILE_MODES, metavar="MODE",
                   help=f"torch.compile the training step ({', '.join(COMPILE_MODES)}; overrides the project)")
    p.add_argument("--resume", type=Path, metavar="CHECKPOINT", help="continue from a last.pt / best.pt")
    p.add_argument("--init-weights", type=Path, metavar="FILE",
                   help="start from these weights (fine-tuning): a state_dict or a checkpoint; a 'module.' or "
                        "'_orig_mod.' prefix is removed, a head for another number of classes starts fresh")
    p.add_argument("--json", action="store_true", help="print the final result as JSON to stdout")
    p.add_argument("--trust-pickle", action="store_true", help=TRUST_PICKLE_HELP)
    p.add_argument("--no-memory-check", action="store_true",
                   help="start even when the training step's estimated memory is more than the device has")
    p.add_argument("--events", type=Path, metavar="FILE",
                   help="also append every training event to FILE as a JSON line")
    p.add_argument("--connect", metavar="HOST:PORT",
                   help="stream the events to a follower listening there and take pause / resume / stop from it "
                        "(how the window follows its runs; the token comes from $WORKBENCH_RUN_TOKEN)")
    p.add_argument("--nproc-per-node", type=int, metavar="N",
                   help="train data-parallel in N processes on this machine (through torchrun: one per GPU, or "
                        "gloo on the CPU); the project's batch size is per process")
    p.add_argument("--nnodes", type=int, metavar="N", help="machines in the run (run the same command on each; see "
                                                           "docs/distributed.md)")
    p.add_argument("--node-rank", type=int, metavar="R", help="this machine's number, 0 to N-1 (static rendezvous)")
    p.add_argument("--master-addr", metavar="HOST", help="the address of node 0 (static rendezvous)")
    p.add_argument("--master-port", type=int, metavar="P", help="a free port on node 0 (static rendezvous; "
                                                                "default 29500)")
    p.add_argument("--rdzv-endpoint", metavar="HOST:PORT", help="meet at a c10d rendezvous there instead: node "
                                                                "ranks are handed out")
    p.add_argument("--rdzv-id", metavar="ID", help="the run's name at the rendezvous (default: workbench-PROJECT)")
    p.set_defaults(run=cmd_train)

    p = sub.add_parser("label-issues", help="likely mislabelled images: K-fold out-of-fold predictions of the "
                                            "project's model, ranked by confident learning (cleanlab)")
    p.add_argument("project", type=Path)
    p.add_argument("--folds", type=int, default=3, metavar="K", help="trainings, each holding out one fold (default 3)")
    p.add_argument("--out", type=Path, metavar="DIR", help="where the folds' run directories go (default: runs/)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--connect", metavar="HOST:PORT", help="stream progress to a follower (how the window runs it)")
    p.set_defaults(run=cmd_label_issues)

    p = sub.add_parser("sweep", help="a hyper-parameter sweep on Optuna: every trial an ordinary run")
    p.add_argument("project", type=Path)
    p.add_argument("--trials", type=int, required=True, metavar="N", help="trials in the study, all workers together")
    p.add_argument("--param", action="append", default=[], metavar="PATH=SPEC",
                   help="what to vary: a project path and log:LOW:HIGH, float:LOW:HIGH, int:LOW:HIGH or "
                        "choice:A,B,C (repeat; default: the learning rate, batch size and first hidden width)")
    p.add_argument("--sampler", default="tpe", choices=["tpe", "random", "grid"])
    p.add_argument("--pruner", default="median", choices=["median", "hyperband", "none"],
                   help="stop unpromising trials early on the per-epoch monitored metric")
    p.add_argument("--workers", type=int, default=1, metavar="K",
                   help="trials in parallel on this machine (one process each; one GPU each where there are GPUs)")
    p.add_argument("--storage", metavar="URL", help="where the study lives: an Optuna storage URL (sqlite:///…, "
                                                   "postgresql://…, mysql://…) or journal:FILE (default: a journal "
                                                   "file beside the project)")
    p.add_argument("--study", metavar="NAME", help="the study's name (default: the project's)")
    p.add_argument("--epochs", type=int, metavar="E", help="epochs per trial (default: the project's)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop starting trials after this long")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="folder for the trials' run directories (default: sweeps/STUDY/ beside the project)")
    p.add_argument("--pause-file", type=Path, metavar="FILE",
                   help="while FILE exists, start no new trial (the running ones finish); the window's Pause")
    p.add_argument("--json", action="store_true", help="print the study as JSON to stdout")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)  # a process --workers started
    p.set_defaults(run=cmd_sweep)

    p = sub.add_parser("evaluate", help="accuracy, per-class precision/recall/F1 and the confusion matrix")
    p.add_argument("checkpoint", type=Path, help="a best.pt / last.pt of a run")
    p.add_argument("--data", type=Path, metavar="FOLDER", help="evaluate on this image folder instead of the "
                                                               "project's validation split")
    p.add_argument("--json", action="store_true")
    add_model_file_options(p)
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser("predict", help="the most likely classes of image files (or folders of them)")
    p.add_argument("checkpoint", type=Path)
    p.add_argument("images", type=Path, nargs="+", metavar="IMAGE")
    p.add_argument("--topk", type=int, default=3, metavar="K")
    p.add_argument("--json", action="store_true")
    add_model_file_options(p)
    p.set_defaults(run=cmd_predict)

    from workbench.core.results.export import FORMATS

    p = sub.add_parser("explain", help="where the model looks: a heat map over each image (Grad-CAM, Integrated "
                                       "Gradients or occlusion, through Captum)")
    p.add_argument("checkpoint", type=Path)
    p.add_argument("images", type=Path, nargs="+", metavar="IMAGE", help="image files or folders of them")
    p.add_argument("--method", default="gradcam", choices=["gradcam", "integrated-gradients", "occlusion"])
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="writes <stem>.<method>.png (the heat map over the image) and .npy (the H×W attribution)")
    p.add_argument("--target", metavar="CLASS", help="explain this class (name or index) instead of the predicted one")
    p.add_argument("--json", action="store_true")
    add_model_file_options(p)
    p.set_defaults(run=cmd_explain)

    p = sub.add_parser("export", help="write the trained model as pth, torchscript, exported, onnx, "
                                      "safetensors, a training script, or a pickle")
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--to", required=True, choices=list(FORMATS), metavar="FORMAT",
                   help="one of: " + ", ".join(FORMATS))
    p.add_argument("--out", type=Path, metavar="PATH",
                   help="where to write it (default: beside the checkpoint, e.g. best.onnx)")
    add_model_file_options(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("data", help="print the data set summary: classes, counts, input shape, skipped files")
    p.add_argument("project", type=Path, help="a .wbproj file, or an image folder")
    p.add_argument("--json", action="store_true", help="print JSON to stdout")
    p.add_argument("--mean-std", action="store_true", help="also compute the per-channel mean and std of the "
                                                           "training set, for Normalize")
    p.add_argument("--duplicates", action="store_true",
                   help="also find exact and near-duplicate images, marking groups that cross the train/validation "
                        "split (leakage) or the classes (conflicting labels)")
    p.set_defaults(run=cmd_data)

    p = sub.add_parser("lr-find", help="the learning-rate range test: train briefly while the learning rate rises "
                                       "from --min-lr to --max-lr, print the loss curve and a suggested rate "
                                       "(the project and its runs are left as they are)")
    p.add_argument("project", type=Path, help="a .wbproj file, or an image folder")
    p.add_argument("--steps", type=int, default=100, metavar="N",
                   help="batches to train, the training batches again from the start if there are fewer "
                        "(default 100; fewer when the loss diverges first)")
    p.add_argument("--min-lr", type=float, default=1e-7, metavar="X", help="the first rate (default 1e-7)")
    p.add_argument("--max-lr", type=float, default=10.0, metavar="Y", help="the last rate (default 10)")
    p.add_argument("--device", metavar="D", help="auto, cpu, cuda, cuda:1, mps (overrides the project)")
    p.add_argument("--init-weights", type=Path, metavar="FILE", help="start from these weights, as train does")
    p.add_argument("--trust-pickle", action="store_true", help=TRUST_PICKLE_HELP)
    p.add_argument("--no-memory-check", action="store_true",
                   help="start even when the training step's estimated memory is more than the device has")
    p.add_argument("--json", action="store_true",
                   help='print {"suggested_lr", "lrs", "losses", "smoothed", "reason", "note", "seconds"} to stdout')
    p.add_argument("--connect", metavar="HOST:PORT", help="stream progress to a follower (how the window runs it)")
    p.set_defaults(run=cmd_lr_find)

    # The window's warm spare run process (workbench/spare.py): not for people, so not in the help.
    p = sub.add_parser("spare")
    p.set_defaults(run=lambda args: __import__("workbench.spare", fromlist=["main"]).main())

    from workbench import desktop

    p = sub.add_parser("install-desktop", help="Linux: add the menu entry, icon and .wbproj file type "
                                               "for this user (under $XDG_DATA_HOME)")
    p.set_defaults(run=desktop.cmd_install)
    p = sub.add_parser("uninstall-desktop", help="Linux: remove what install-desktop added")
    p.set_defaults(run=desktop.cmd_uninstall)

    return parser


TRUST_PICKLE_HELP = ("open a model file that needs unpickling (e.g. a whole model saved with torch.save(model)); "
                     "this runs code from the file: use it only for files you made or trust")


def add_model_file_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", type=Path, metavar="PROJECT",
                   help="the project a bare state_dict or whole model belongs to (its classes, transforms, layers)")
    p.add_argument("--trust-pickle", action="store_true", help=TRUST_PICKLE_HELP)


def open_model_file(args):
    """The checkpoint named on the command line, honouring --trust-pickle and --project."""
    from workbench.core.training.checkpoints import load_checkpoint

    if args.trust_pickle:
        warn(_("--trust-pickle: {path} may run code while it is opened").format(path=args.checkpoint))
    project = load(args.project) if getattr(args, "project", None) else None
    return load_checkpoint(args.checkpoint, trust_pickle=args.trust_pickle, project=project)


def main(argv: list[str] | None = None, link=None) -> int:
    """``link``: an open connection to the follower (a spare process's), used instead of --connect."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (len(argv) == 1 and argv[0].endswith(".wbproj") and not argv[0].startswith("-")):
        return open_window(argv[0] if argv else None)
    args = build_parser().parse_args(argv)
    args.argv = list(argv)
    args.link = link
    if args.command is None:
        build_parser().print_help()
        return EXIT_OK
    from workbench.core.errors import WorkbenchError

    try:
        code = args.run(args)
    except WorkbenchError as e:
        from workbench.core.errors import OutOfMemory

        error(str(e))
        code = EXIT_STOPPED if isinstance(e, OutOfMemory) else EXIT_BAD_INPUT  # out of memory: stopped, not bad input
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        code = EXIT_INTERRUPTED
    _report_status_to_launcher(code)
    return code


def error(message: str) -> None:
    """One line on stderr: "error: ..." (the window's run handle reads this line when a run ends badly)."""
    print(_("error: {message}").format(message=message), file=sys.stderr)


def warn(message: str) -> None:
    print(_("warning: {message}").format(message=message), file=sys.stderr)


STATUS_FILE_VARIABLE = "WORKBENCH_STATUS_FILE"


def _report_status_to_launcher(code: int) -> None:
    """In a distributed run, each machine's first process tells its launcher (`--nproc-per-node`) its exit status
    (torchrun reports only "failed")."""
    import os

    path = os.environ.get(STATUS_FILE_VARIABLE)
    if path and os.environ.get("LOCAL_RANK", os.environ.get("RANK", "0")) == "0":  # each machine's launcher
        with open(path, "w") as f:
            f.write(str(code))


def open_window(project: str | None) -> int:
    try:
        from workbench.gui.desktop.app import run_app
    except ModuleNotFoundError as e:
        if not (e.name or "").startswith("workbench.gui"):
            raise
        build_parser().print_help()
        return EXIT_OK
    return run_app(project)


# ---------------------------------------------------------------------------

def load(path: Path, write_for_folder: bool = False):
    """The project named on the command line. An image folder gets a starter project (`workbench new`): only
    in memory, or (``write_for_folder``: train, whose runs go beside it) written; one written before is used."""
    from workbench.core.project.io import load_project

    if not path.is_dir():
        return load_project(path)
    from workbench.core.data.new_project import project_for_folder

    target = default_project_path(path)
    if target.is_file():  # made before (by `workbench new` or an earlier train FOLDER): used, not made again
        existing = load_project(target)
        if existing.data.source.kind == "folder" and \
                existing.resolve(existing.data.source.path).resolve() == _class_root(path):
            print(_("using the project {project} (made for {folder} before)").format(project=target, folder=path),
                  file=sys.stderr)
            return existing
    project, decided = project_for_folder(path)
    if write_for_folder:
        _write_new_project(project, target, force=False)
        print(_("made the project {project} for {folder}: {decided}").format(
            project=target, folder=path, decided=_("; ").join(decided)), file=sys.stderr)
        return load_project(target)
    print(_("a project made for {folder} (not written: `workbench new {folder}` writes it): {decided}").format(
        folder=path, decided=_("; ").join(decided)), file=sys.stderr)
    return project


def default_project_path(folder: Path) -> Path:
    root = _class_root(folder)
    name = root.name if root.name.lower() not in ("train", "training") else root.parent.name
    return root.parent / f"{name}.wbproj" if root.name == name else root.parent.parent / f"{name}.wbproj"


def _class_root(folder: Path) -> Path:
    from workbench.core.data.folders import find_class_root

    return find_class_root(folder).resolve()


def _write_new_project(project, target: Path, force: bool) -> None:
    from workbench.core.errors import ProjectError
    from workbench.core.project.io import save_project

    if target.exists() and not force:
        raise ProjectError("--out", _("{path} exists: choose another file with -o, or --force to overwrite it")
                           .format(path=target))
    save_project(project, target)


def cmd_new(args) -> int:
    from workbench.core.data.new_project import project_for_folder

    if not args.folder.is_dir():
        from workbench.core.errors import DataError

        raise DataError(_("{path} is not a folder: give an image folder with one sub-folder per class").format(
            path=args.folder))
    project, decided = project_for_folder(args.folder)
    if args.base:  # a base reads every image as RGB (color_mode auto): the 1-channel note no longer holds
        decided = [d for d in decided if d != _("every image is grayscale: the model gets 1 channel")]
        decided += _use_base(project, args.base)
    target = args.out or default_project_path(args.folder)
    if target.suffix != ".wbproj":
        target = target.with_name(target.name + ".wbproj")
    _write_new_project(project, target, args.force)
    print("\n".join(decided), file=sys.stderr)
    print(_("next: workbench train {project}   (or open it in the window: workbench {project})").format(
        project=target), file=sys.stderr)
    print(target)
    return EXIT_OK


def _use_base(project, arch: str) -> list[str]:
    """The project's model becomes the pretrained ``arch`` (its template) and its transforms the preprocessing
    of the weights, as choosing the template in the window does; what changed, in words."""
    from workbench.core.catalogs.templates import TEMPLATES
    from workbench.core.model.pretrained import preprocessing
    from workbench.core.project.io import model_from_dict

    project.model = model_from_dict(TEMPLATES[f"pretrained-{arch}"].model)
    project.data.transforms = preprocessing(arch)
    steps = ", ".join(f"{op.type} {next(iter(op.args.values()))}" if op.args else op.type
                      for op in project.data.transforms)
    return [_("model: pretrained {architecture}, head replaced for the classes, backbone frozen").format(
        architecture=arch), _("transforms: the preprocessing its weights expect ({steps})").format(steps=steps)]


def cmd_summary(args) -> int:
    from workbench.core.errors import WorkbenchError
    from workbench.core.model.builder import plan_model

    project = load(args.project)
    shape, classes, data_problem = project.model.input_shape, None, None
    try:
        from workbench.core.data.datasets import prepare_data

        bundle = prepare_data(project)
        classes = bundle.num_classes
        shape = shape or bundle.input_shape
    except WorkbenchError as e:
        if shape is None:
            raise
        data_problem = str(e)
        from workbench.core.project.rules import builtin_classes

        classes = builtin_classes(project.data.source)
    plan = plan_model(project, shape, classes)
    if data_problem:
        warn(_("data not available ({reason})").format(reason=data_problem))
    memory = None if plan.error else _memory(plan, project)
    if args.json:
        print(json.dumps({**plan.to_json(), **({"memory": memory} if memory else {})}))
    else:
        print(format_plan(plan), file=sys.stderr if plan.error else sys.stdout)
        if memory:
            print(_("Memory: {estimate}").format(estimate=memory["words"]))
            if memory["warning"]:
                print(_("warning: {message}").format(message=memory["warning"]))
    if plan.error:
        error(str(plan.error))
        return EXIT_BAD_INPUT
    return EXIT_OK


def _memory(plan, project) -> dict:
    """The training step's memory estimate against what the project's device has free."""
    from workbench.core.errors import DeviceError
    from workbench.core.model.memory import gib
    from workbench.core.training.device import available_memory, memory_verdict, resolve_device

    try:
        device = resolve_device(project.training.device)
    except DeviceError:
        device = resolve_device("cpu")
    estimate, refusal = memory_verdict(plan, project, device)
    free, where = available_memory(device)
    return {**estimate.to_json(), "available": free, "fits": refusal is None, "warning": refusal,
            "words": _("{estimate}; {where} {free} free").format(estimate=estimate.describe(), where=where,
                                                                   free=gib(free))}


def format_plan(plan) -> str:
    rows = [("#", "Layer (type)", "Output shape", "Params")]
    for depth, lp in plan.walk():  # a block's layers indented under it, named by their place in it
        name = "  " * depth + (_inner_label(lp.position) + " " if depth else "") + lp.type
        rows.append((str(lp.index) if not depth else "", name, str(lp.output_shape) if lp.output_shape else "?",
                     f"{lp.params:,}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    rule = "-" * (sum(widths) + 6)
    lines = [f"Input shape: {plan.input_shape}", rule]
    for i, r in enumerate(rows):
        lines.append(f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}")
        if i == 0:
            lines.append(rule)
    lines += [rule, f"Total params: {plan.total_params:,}", f"Trainable params: {plan.trainable_params:,}",
              f"Non-trainable params: {plan.total_params - plan.trainable_params:,}"]
    lines += [_("warning: {message}").format(message=a) for a in plan.advice]
    return "\n".join(lines)


def _inner_label(position: tuple) -> str:
    """How a row inside a block is labelled in the summary: "1", "shortcut 1", "branch 2 · 1"."""
    slot, *rest = position[-3:] if position[-3] == "branches" else position[-2:]
    if slot == "branches":
        return f"branch {rest[0] + 1} · {rest[1] + 1}"
    return f"shortcut {rest[0] + 1}" if slot == "shortcut" else f"{rest[0] + 1}"


def _positive(value) -> str:
    return _("expected {what}, got {value}").format(what=_("a positive integer"), value=value)


def cmd_train(args) -> int:
    from workbench.console import ConsoleProgress
    from workbench.core.errors import ProjectError
    from workbench.core.training import distributed
    from workbench.core.training.engine import train
    from workbench.core.training.events import RunControl
    from workbench.core.training.runs import describe_result

    project = load(args.project, write_for_folder=True)
    if args.compile is not None:
        project.training.compile = args.compile
    if _launch_options_given(args) and not distributed.from_env().active:
        return launch_distributed(args)
    if args.epochs is not None and args.epochs < 1:
        raise ProjectError("--epochs", _positive(args.epochs))
    _check_device_option(args.device)
    opened = args.resume or args.init_weights
    if args.trust_pickle and opened:
        warn(_("--trust-pickle: {path} may run code while it is opened").format(path=opened))
    main_process = distributed.from_env().is_main
    listeners = [ConsoleProgress()]
    control = RunControl()
    link = _follower_link(args, control, listeners) if main_process else None  # rank 0 speaks for all
    events_file = None
    if args.events is not None and main_process:
        from workbench.core.training.protocol import JsonLinesWriter

        events_file = JsonLinesWriter(args.events)
        listeners.append(events_file)
    try:
        finished = train(project, listeners=listeners, control=control, out_dir=args.out, resume=args.resume,
                         epochs=args.epochs, device=args.device, trust_pickle=args.trust_pickle,
                         init_weights=args.init_weights, check_memory=not args.no_memory_check)
    finally:
        if events_file is not None:
            events_file.close()
        if link is not None and link is not args.link:
            link.close()
    if not main_process:
        return EXIT_STOPPED if finished.stopped_itself else EXIT_OK  # rank 0 reports for the whole run
    if finished.result:
        print(_("model.pth: {result}").format(result=describe_result(finished.result)), file=sys.stderr)
    if args.json:
        print(json.dumps({"run_dir": finished.run_dir, "reason": finished.reason,
                          "epochs_done": finished.epochs_done, "message": finished.message,
                          "metrics": finished.metrics, "result": finished.result}))
    else:
        print(finished.run_dir)
    return EXIT_STOPPED if finished.stopped_itself else EXIT_OK


def cmd_lr_find(args) -> int:
    from workbench.console import ConsoleProgress
    from workbench.core.training.epochs import Stopped
    from workbench.core.training.events import RunControl
    from workbench.core.training.lr_find import check_range, find_lr

    check_range(args.steps, args.min_lr, args.max_lr, names=("--steps", "--min-lr", "--max-lr"))
    _check_device_option(args.device)
    project = load(args.project)
    if args.trust_pickle and args.init_weights:
        warn(_("--trust-pickle: {path} may run code while it is opened").format(path=args.init_weights))
    control = RunControl()
    listeners = [ConsoleProgress()]
    link = _follower_link(args, control, listeners)
    try:
        result = find_lr(project, steps=args.steps, min_lr=args.min_lr, max_lr=args.max_lr, listeners=listeners,
                         control=control, device=args.device, init_weights=args.init_weights,
                         trust_pickle=args.trust_pickle, check_memory=not args.no_memory_check)
    except Stopped:
        print(_("stopped: no learning rate suggested"), file=sys.stderr)
        return EXIT_STOPPED
    finally:
        if link is not None and link is not args.link:
            link.close()
    if args.json:
        print(json.dumps(result.to_json()))
        return EXIT_OK
    print(format_lr_curve(result))
    return EXIT_OK


def format_lr_curve(result, width: int = 56, height: int = 10) -> str:
    """The smoothed loss against the learning rate (log scale) as text, the suggestion marked with '|'. The
    loss axis ends a little above where the curve starts: a diverging tail is drawn as '^' on the top row."""
    import math

    from workbench.core.training.lr_find import loss_range

    lines = []
    if result.suggested_lr is not None:
        lines.append(f"suggested learning rate: {result.suggested_lr:g} (where the smoothed loss falls fastest)")
    else:
        lines.append("no learning rate suggested")
    if result.note:
        lines.append(f"note: {result.note}")
    n = len(result.lrs)
    if n < 2:
        return "\n".join(lines)
    width = min(width, n)
    columns: list[list[float]] = [[] for _column in range(width)]
    for i, loss in enumerate(result.smoothed):  # the steps are evenly spaced in log(lr)
        columns[round(i * (width - 1) / (n - 1))].append(loss)
    bottom, top = loss_range(result.smoothed)
    grid = [[" "] * width for _row in range(height)]
    for c, values in enumerate(columns):
        value = sum(values) / len(values)
        row = min(height - 1, round((value - bottom) / (top - bottom) * (height - 1)))
        grid[height - 1 - row][c] = "^" if value > top else "*"
    lo, hi = math.log10(result.lrs[0]), math.log10(result.lrs[-1])
    if result.suggested_lr is not None:
        mark = min(width - 1, max(0, round((math.log10(result.suggested_lr) - lo) / (hi - lo) * (width - 1))))
        for row in grid:
            row[mark] = "|" if row[mark] == " " else row[mark]
    label = max(len(f"{top:.3g}"), len(f"{bottom:.3g}"), len("loss"))
    lines.append(f"{'loss':>{label}}")
    for i, row in enumerate(grid):
        y = f"{top:.3g}" if i == 0 else f"{bottom:.3g}" if i == height - 1 else ""
        lines.append(f"{y:>{label}} |" + "".join(row).rstrip())
    lines.append(" " * label + " +" + "-" * width)
    left, right = f"{result.lrs[0]:.2g}", f"{result.lrs[-1]:.2g}"
    lines.append(" " * (label + 2) + left + right.rjust(max(1, width - len(left))) + "  lr (log scale)")
    return "\n".join(lines)


def _follower_link(args, control, listeners: list):
    """The connection to the window that follows this run (``--connect``, or a spare process's own): it takes
    the events and gives pause / resume / stop. None when nobody follows."""
    from workbench.core.errors import ProjectError
    from workbench.core.training.protocol import RunLink

    link = args.link
    if link is None and args.connect:
        try:
            link = RunLink.connect(args.connect)
        except (OSError, ValueError) as e:
            raise ProjectError("--connect", _("cannot reach {address}: {reason}").format(address=args.connect,
                                                                                          reason=e)) from None
    if link is not None:
        link.attach(control)
        listeners.append(link)
    return link


def _check_device_option(device: str | None) -> None:
    if device is not None:
        from workbench.core.errors import ProjectError
        from workbench.core.project.fields import DEVICE_PATTERN
        from workbench.core.project.io import device_problem

        if not DEVICE_PATTERN.match(device):
            raise ProjectError("--device", device_problem(device))


def cmd_label_issues(args) -> int:
    from workbench.console import ConsoleProgress
    from workbench.core.experiments.label_issues import find_label_issues
    from workbench.core.training.events import LabelIssuesFound, RunControl

    project = load(args.project)
    listeners = [] if args.json else [ConsoleProgress()]
    link = _follower_link(args, RunControl(), listeners)
    try:
        report = find_label_issues(project, args.folds, args.out, listeners=listeners)
        if link is not None:
            link(LabelIssuesFound(**report.to_json()))
    finally:
        if link is not None and link is not args.link:
            link.close()
    if args.json:
        print(json.dumps(report.to_json()))
        return EXIT_OK
    print(f"{len(report.issues)} of {report.images} images look mislabelled (about {report.estimated_share:.1%}), "
          f"from {report.folds} folds:")
    for issue in report.issues:
        print(f"  {issue.score:.3f}  {issue.path}: labelled {issue.given}, looks like {issue.suggested}")
    return EXIT_OK


def cmd_sweep(args) -> int:
    import subprocess

    from workbench.core.errors import ProjectError
    from workbench.core.experiments.space import default_space, parse_param
    from workbench.core.experiments.sweep import SweepSpec, optimize, report, worker_environment

    project = load(args.project)
    if args.workers < 1:
        raise ProjectError("--workers", _("expected {what}, got {value}").format(what=_("a positive number"),
                                                                                 value=args.workers))
    if args.epochs is not None and args.epochs < 1:
        raise ProjectError("--epochs", _positive(args.epochs))
    params = [parse_param(p) for p in args.param] or default_space(project)
    spec = SweepSpec(project, params, args.trials, args.sampler, args.pruner, args.storage, args.study,
                     args.epochs, args.timeout, out=args.out)
    hold = (lambda: args.pause_file.exists()) if args.pause_file else None
    if args.worker:
        optimize(spec, hold=hold)
        return EXIT_OK
    print(f"study {spec.study} in {spec.storage}; varying " + ", ".join(f"{p.path}={p.spec}" for p in params),
          file=sys.stderr)
    argv = _without_option(args.argv, "--workers")
    helpers = [subprocess.Popen([sys.executable, "-m", "workbench", *argv, "--worker", "--storage", spec.storage,
                                 "--study", spec.study], env=worker_environment(i, args.workers),
                                stdout=subprocess.DEVNULL)
               for i in range(1, args.workers)]
    try:
        optimize(spec, hold=hold, on_trial=lambda t: print(f"trial {t.number}: {t.state.name} {t.value if t.value is not None else ''} "
                                                + " ".join(f"{k}={v}" for k, v in t.params.items()), file=sys.stderr))
    finally:
        for h in helpers:
            if h.wait() != 0:
                warn(_("a worker process ended with status {code}").format(code=h.returncode))
    result = report(spec)
    if args.json:
        print(json.dumps(result))
    else:
        best = result["best"]
        counts = {}
        for t in result["trials"]:
            counts[t["state"]] = counts.get(t["state"], 0) + 1
        print(", ".join(f"{n} {s.lower()}" for s, n in counts.items()))
        if best:
            print(f"best: trial {best['trial']} {result['metric']} {best['value']:.4g} "
                  + " ".join(f"{k}={v}" for k, v in best["params"].items()) + f" ({best['run_dir']})")
    return EXIT_OK


def _without_option(argv: list[str], option: str) -> list[str]:
    """``argv`` less ``option VALUE`` / ``option=VALUE``."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == option:
            skip = True
        elif not a.startswith(option + "="):
            out.append(a)
    return out


def cmd_explain(args) -> int:
    from workbench.core.data.images import ImageProblem
    from workbench.core.results.evaluate import expand_images
    from workbench.core.results.explain import explain, write_explanation

    ckpt = open_model_file(args)
    model = ckpt.build_model().eval()
    done, failed = [], 0
    for path in expand_images(args.images):
        try:
            e = explain(ckpt, path, args.method, args.target, model=model)
        except (ImageProblem, OSError) as err:
            failed += 1
            print(_("{path}: cannot explain: {reason}").format(path=path, reason=err), file=sys.stderr)
            continue
        png, npy = write_explanation(e, args.out)
        done.append(e.to_json(str(png), str(npy)))
        if not args.json:
            print(f"{path}: {e.method} for {e.target} (predicted {e.predicted}) -> {png}"
                  + "".join(f"; note: {n}" for n in e.notes))
    if args.json:
        print(json.dumps({"images": done}))
    return EXIT_BAD_INPUT if failed and not done else EXIT_OK


def cmd_evaluate(args) -> int:
    from workbench.core.results.evaluate import evaluate

    report = evaluate(open_model_file(args), args.data)
    if args.json:
        print(json.dumps(report.to_json()))
        return EXIT_OK
    print(f"{report.source}: {report.total} samples")
    print(f"accuracy {report.accuracy:.4f}" + (f"   top-5 {report.top5:.4f}" if report.top5 is not None else ""))
    width = max(8, max(len(c) for c in report.classes))
    print(f"\n{'class':<{width}}  precision  recall      f1  support")
    for row in report.per_class():
        print(f"{row['class']:<{width}}  {row['precision']:9.3f}  {row['recall']:6.3f}  {row['f1']:6.3f}  "
              f"{row['support']:7d}")
    print("\nconfusion matrix (rows: true, columns: predicted)")
    cell = max(5, max(len(str(v)) for r in report.confusion for v in r))
    for name, row in zip(report.classes, report.confusion):
        print(f"{name:<{width}}  " + " ".join(f"{v:>{cell}}" for v in row))
    wrong = report.most_confidently_wrong(5)
    if wrong:
        print("\nmost confidently wrong:")
        for s in wrong:
            print(f"  {s.ref}: {report.classes[s.true]} predicted as {report.classes[s.predicted]} "
                  f"({s.confidence:.1%})")
    return EXIT_OK


def cmd_predict(args) -> int:
    from workbench.core.results.evaluate import predict

    if args.topk < 1:
        from workbench.core.errors import ProjectError

        raise ProjectError("--topk", _positive(args.topk))
    results = predict(open_model_file(args), args.images, args.topk)
    if args.json:
        print(json.dumps([{"path": r.path, "top": [{"class": c, "probability": p} for c, p in r.top],
                           "error": r.error} for r in results], ensure_ascii=False))
    else:
        for r in results:
            if r.error:
                print(_("{path}: cannot classify ({reason})").format(path=r.path, reason=r.error))
            else:
                print(f"{r.path}: " + ", ".join(f"{c} {p:.1%}" for c, p in r.top))
    failed = [r for r in results if r.error]
    if failed and len(failed) == len(results):
        error(ngettext("the image could not be classified", "none of the {count} images could be classified",
                       len(results)).format(count=len(results)))
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_export(args) -> int:
    from workbench.core.results.export import FORMATS, PICKLE_WARNING, default_export_path, export

    if args.to == "pickle":
        warn(_(PICKLE_WARNING))
    path = export(open_model_file(args), args.to, args.out or default_export_path(args.checkpoint, args.to))
    fmt = FORMATS[args.to]
    print(_("wrote {path} ({format}); load it with: {code}").format(path=path, format=fmt.shown_title,
                                                                    code=fmt.how_to_load.format(path=path)),
          file=sys.stderr)
    print(path)
    return EXIT_OK


LAUNCH_OPTIONS = ("--nproc-per-node", "--nnodes", "--node-rank", "--master-addr", "--master-port", "--rdzv-endpoint",
                  "--rdzv-id")


def _launch_options_given(args) -> bool:
    return any(getattr(args, o[2:].replace("-", "_")) is not None for o in LAUNCH_OPTIONS)


def launch_distributed(args) -> int:
    """`workbench train --nproc-per-node K [--nnodes N ...]`: the same command again in K processes on this
    machine under torchrun, which meets the other machines' processes (static or c10d rendezvous)."""
    import os
    import subprocess
    import tempfile

    from workbench.core.training.distributed import Launch
    from workbench.core.training.engine import check_project

    launch = Launch(args.nproc_per_node or 1, args.nnodes or 1, args.node_rank, args.master_addr, args.master_port,
                    args.rdzv_endpoint, args.rdzv_id or f"workbench-{args.project.stem}")
    launch.check()
    forwarded = args.argv
    for option in LAUNCH_OPTIONS:  # the ranks run the command less the launch options
        forwarded = _without_option(forwarded, option)
    check_project(load(args.project, write_for_folder=True))  # bad input: one line and exit 2 here, not N tracebacks from torchrun
    command = [sys.executable, "-m", "torch.distributed.run", *launch.torchrun_options(), "--monitor-interval=1",
               "-m", "workbench", *forwarded]
    print(_("launching {count} training processes: {command}").format(count=launch.nproc_per_node,
                                                                       command=" ".join(command[2:])), file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        status = os.path.join(tmp, "status")
        ranks = subprocess.Popen(command, env={**os.environ, STATUS_FILE_VARIABLE: status})
        try:
            code = ranks.wait()
        except KeyboardInterrupt:  # Ctrl+C reached the ranks too: let rank 0 write last.pt before we go
            try:
                code = ranks.wait(60)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                ranks.kill()
                return EXIT_INTERRUPTED
        if os.path.exists(status):  # rank 0 finished and said how
            with open(status) as f:
                return int(f.read().strip() or code)
    error(_("a training process failed (see its message above); the run's last.pt from the last finished epoch is "
            "intact"))
    return code or 1


def cmd_data(args) -> int:
    from workbench.core.data.datasets import compute_mean_std, prepare_data

    project = load(args.project)
    bundle = prepare_data(project, progress=_scan_progress if not args.json else None)
    summary = bundle.summary(project.data.loader.batch_size)
    if args.mean_std:
        mean, std = compute_mean_std(bundle)
        summary["normalize"] = {"mean": mean, "std": std}
    groups = None
    if args.duplicates:
        from workbench.core.data.duplicates import find_duplicates

        groups = find_duplicates(bundle, progress=None if args.json else _hash_progress)
        summary["duplicates"] = [g.paths for g in groups]
        summary["duplicate_groups"] = [g.to_json() for g in groups]
    if args.json:
        print(json.dumps(summary))
        return EXIT_OK
    print(format_data_summary(summary))
    if args.mean_std:
        n = summary["normalize"]
        print(f'Normalize: {{"type": "Normalize", "mean": {n["mean"]}, "std": {n["std"]}}}')
    if groups is not None:
        print(format_duplicates(groups))
    return EXIT_OK


def _hash_progress(done: int, total: int) -> None:
    print(f"\rhashing images {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def format_duplicates(groups) -> str:
    if not groups:
        return "\nNo duplicate images."
    leaks = sum(g.crosses_split for g in groups)
    lines = [f"\n{len(groups)} groups of duplicate images ({leaks} across the train/validation split):"]
    for g in groups:
        marks = [m for m, on in (("exact" if g.exact else "near", True), ("LEAKAGE: in training and validation",
                                 g.crosses_split), ("CONFLICTING LABELS", g.crosses_classes)) if on]
        lines.append(f"  {', '.join(marks)}:")
        lines += [f"    {p}" for p in g.paths]
    return "\n".join(lines)


def _scan_progress(done: int, total: int) -> None:
    print("\r" + _("checking images {done}/{total}").format(done=done, total=total), end="" if done < total else "\n",
          file=sys.stderr, flush=True)


def format_data_summary(s: dict) -> str:
    width = max(len(c["name"]) for c in s["classes"])
    lines = [f"Source: {s['source']}", f"Input shape after transforms: {s['input_shape']}",
             f"Training samples: {s['train_samples']}   Validation samples: {s['val_samples']}", "",
             f"{'class':<{width}}  {'train':>7}  {'val':>7}"]
    most = max(c["train"] for c in s["classes"]) or 1
    for c in s["classes"]:
        bar = "#" * round(20 * c["train"] / most)
        lines.append(f"{c['name']:<{width}}  {c['train']:>7}  {c['val']:>7}  {bar}")
    if s["skipped_count"]:
        lines.append(f"\nSkipped {s['skipped_count']} files:")
        lines += [f"  {k['path']}: {k['reason']}" for k in s["skipped"][:5]]
        if s["skipped_count"] > 5:
            lines.append(f"  ... and {s['skipped_count'] - 5} more (--json lists all)")
    lines += [_("note: {message}").format(message=n) for n in s["notes"]]
    lines += [_("warning: {message}").format(message=w) for w in s["warnings"]]
    return "\n".join(lines)

"""A pretrained base's fine-tuning schedule (``training.finetune``): the head alone, then the whole network.

The optimizer is made once, with two parameter groups — the head at the
optimizer's learning rate, the backbone at that rate times
``backbone_lr_factor`` — and the stage is a function of the epoch alone:
epochs 1..head_epochs leave the backbone's ``requires_grad`` off (no gradient,
so the optimizer skips it), later epochs turn it on. Nothing about the switch
lives outside the epoch number and the optimizer's state, so a run stopped
before the switch and resumed after it is the uninterrupted run, bit for bit.
"""

from __future__ import annotations

from workbench.core.catalogs.training import OPTIMIZERS
from workbench.core.i18n import _, ngettext
from workbench.core.model.builder import head_modules
from workbench.core.project.schema import Finetune, Project


def schedule_of(project: Project) -> Finetune | None:
    """The schedule the run follows: only a pretrained base has a backbone to hold back."""
    return project.training.finetune if project.model.base is not None else None


def _is_head(name: str, heads: list[str]) -> bool:
    return any(name == h or name.startswith(h + ".") for h in heads)


def optimizer_params(net, project: Project) -> list:
    """What the optimizer gets: the trainable parameters, or (with a schedule) the head and the backbone as
    two groups, the backbone's learning rate scaled down."""
    schedule = schedule_of(project)
    if schedule is None:
        return [q for q in net.parameters() if q.requires_grad]
    heads = head_modules(project)
    head = [q for name, q in net.named_parameters() if _is_head(name, heads)]
    backbone = [q for name, q in net.named_parameters() if not _is_head(name, heads)]
    optimizer = project.training.optimizer
    lr = OPTIMIZERS[optimizer.type].kwargs(optimizer.args)["lr"]
    return [{"params": head}, {"params": backbone, "lr": lr * schedule.backbone_lr_factor}]


def backbone_trains(schedule: Finetune, epoch: int) -> bool:
    return epoch > schedule.head_epochs


def enter_epoch(net, project: Project, epoch: int) -> bool:
    """Freeze or unfreeze the backbone for ``epoch`` (1-based); True when it trains in this epoch."""
    schedule = schedule_of(project)
    if schedule is None:
        return False
    heads = head_modules(project)
    trains = backbone_trains(schedule, epoch)
    for name, q in net.named_parameters():
        if not _is_head(name, heads):
            q.requires_grad_(trains)
    return trains


def describe(project: Project) -> str | None:
    """The schedule in words, for the run's notes."""
    schedule = schedule_of(project)
    if schedule is None:
        if project.training.finetune is not None:
            return _("training.finetune applies to a pretrained base only: this layer stack trains as a whole")
        return None
    return ngettext("fine-tuning: the new head alone for {epochs} epoch (backbone frozen), then the whole network, "
                    "the backbone at the learning rate × {factor:g}",
                    "fine-tuning: the new head alone for {epochs} epochs (backbone frozen), then the whole network, "
                    "the backbone at the learning rate × {factor:g}", schedule.head_epochs).format(
        epochs=schedule.head_epochs, factor=schedule.backbone_lr_factor)

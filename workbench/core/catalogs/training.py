"""Losses, optimizers and learning-rate schedulers the training panel offers, as tables."""

from workbench.core.catalogs.base import Catalog, OpType, Param

LOSSES = Catalog("loss", [
    OpType("CrossEntropyLoss", "torch.nn.CrossEntropyLoss", (
        Param("label_smoothing", "float", 0.0, min=0, max=1),
        Param("weight", "choice", None, choices=("balanced",), nullable=True,
              help="'balanced' weighs each class by the inverse of its share of the training set"),
    ), doc="Classification from raw scores (applies log-softmax itself)."),
    OpType("NLLLoss", "torch.nn.NLLLoss", (
        Param("weight", "choice", None, choices=("balanced",), nullable=True),
    ), doc="Classification from log-probabilities (end the model with LogSoftmax)."),
    OpType("BCEWithLogitsLoss", "torch.nn.BCEWithLogitsLoss", (),
           doc="Independent yes/no per class from raw scores; targets are one-hot."),
    OpType("MSELoss", "torch.nn.MSELoss", (), doc="Squared error against one-hot targets."),
    OpType("L1Loss", "torch.nn.L1Loss", (), doc="Absolute error against one-hot targets."),
])

# Losses that compare scores with one-hot vectors rather than class indices.
ONE_HOT_LOSSES = {"BCEWithLogitsLoss", "MSELoss", "L1Loss"}

_LR = Param("lr", "float", 1e-3, min=0, min_exclusive=True, help="learning rate")
_WD = Param("weight_decay", "float", 0.0, min=0)

OPTIMIZERS = Catalog("optimizer", [
    OpType("SGD", "torch.optim.SGD", (
        Param("lr", "float", 0.01, min=0, min_exclusive=True, help="learning rate"),
        Param("momentum", "float", 0.0, min=0, max=1),
        Param("nesterov", "bool", False),
        _WD,
    )),
    OpType("Adam", "torch.optim.Adam", (_LR, _WD)),
    OpType("AdamW", "torch.optim.AdamW", (_LR, Param("weight_decay", "float", 0.01, min=0))),
    OpType("RMSprop", "torch.optim.RMSprop", (
        Param("lr", "float", 0.01, min=0, min_exclusive=True, help="learning rate"),
        Param("alpha", "float", 0.99, min=0, max=1),
        Param("momentum", "float", 0.0, min=0, max=1),
        _WD,
    )),
    OpType("Adagrad", "torch.optim.Adagrad", (
        Param("lr", "float", 0.01, min=0, min_exclusive=True, help="learning rate"), _WD)),
])

SCHEDULERS = Catalog("scheduler", [
    OpType("StepLR", "torch.optim.lr_scheduler.StepLR", (
        Param("step_size", "int", 10, min=1, help="epochs between decays"),
        Param("gamma", "float", 0.1, min=0, min_exclusive=True),
    )),
    OpType("MultiStepLR", "torch.optim.lr_scheduler.MultiStepLR", (
        Param("milestones", "int_list", [10, 20], min=1, help="epochs at which lr is multiplied by gamma"),
        Param("gamma", "float", 0.1, min=0, min_exclusive=True),
    )),
    OpType("ExponentialLR", "torch.optim.lr_scheduler.ExponentialLR", (
        Param("gamma", "float", 0.95, min=0, min_exclusive=True),
    )),
    OpType("CosineAnnealingLR", "torch.optim.lr_scheduler.CosineAnnealingLR", (
        Param("T_max", "int", None, min=1, nullable=True, help="epochs of one half-cosine; default: all epochs"),
        Param("eta_min", "float", 0.0, min=0),
    )),
    OpType("OneCycleLR", "torch.optim.lr_scheduler.OneCycleLR", (
        Param("max_lr", "float", None, min=0, min_exclusive=True, nullable=True,
              help="default: 10 x the optimizer's lr"),
        Param("pct_start", "float", 0.3, min=0, max=1, min_exclusive=True),
    ), doc="Steps every batch, not every epoch."),
    OpType("ReduceLROnPlateau", "torch.optim.lr_scheduler.ReduceLROnPlateau", (
        Param("factor", "float", 0.1, min=0, max=1, min_exclusive=True),
        Param("patience", "int", 10, min=0),
        Param("min_lr", "float", 0.0, min=0),
    ), doc="Lowers lr when the monitored validation metric stops improving."),
])

# Schedulers stepped after every batch rather than every epoch.
PER_BATCH_SCHEDULERS = {"OneCycleLR"}

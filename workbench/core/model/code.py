"""The model as PyTorch source a user would type: what the window's code view shows, and the model part of
the generated training script."""

from __future__ import annotations

from workbench.core.catalogs.code import call, positional_count
from workbench.core.catalogs.layers import LAYERS
from workbench.core.model.builder import plan_model
from workbench.core.model.heads import layer_kwargs
from workbench.core.model.plan import ModelPlan
from workbench.core.model.pretrained import head_replacements
from workbench.core.project.schema import Model, Project


def layer_code(op_type: str, kwargs: dict) -> str:
    optype = LAYERS[op_type]
    return call("nn.", optype, optype.kwargs(kwargs), positional_count(optype))


def model_code(spec: Project | Model, input_shape, num_classes: int | None, plan: ModelPlan | None = None) -> str:
    """The model as Python source, ending in a variable ``model``. Shapes as comments."""
    model = spec.model if isinstance(spec, Project) else spec
    if model.base is not None:
        return _base_code(model, num_classes)
    plan = plan or plan_model(model, input_shape, num_classes)
    lines = ["model = nn.Sequential("]
    for lp in plan.layers:
        lines.append(f"    {layer_code(lp.type, lp.kwargs)},  # -> {lp.output_shape}")
    for op in model.layers[len(plan.layers):]:  # after the first layer that cannot run: as written
        lines.append(f"    {layer_code(op.type, op.args)},  # cannot run: see the model table")
    lines.append(")")
    return "\n".join(lines)


def _base_code(model: Model, num_classes: int | None) -> str:
    import torchvision

    b = model.base
    weights = "None" if b.weights is None else repr(b.weights)
    lines = [f"model = torchvision.models.{b.torchvision}(weights={weights})"]
    if b.weights and (b.weights.endswith((".pth", ".pt")) or "/" in b.weights):
        lines = [f"model = torchvision.models.{b.torchvision}(weights=None)",
                 f"model.load_state_dict(torch.load({b.weights!r}))"]
    reference = torchvision.models.get_model(b.torchvision, weights=None)
    targets = []
    for path, op in head_replacements(model).items():
        old = reference
        for part in path.split("."):
            old = old[int(part)] if part.isdigit() else getattr(old, part)
        infer = LAYERS[op.type].infer_param
        kwargs = layer_kwargs(op, getattr(old, infer.name, None) if infer else None, num_classes, is_head=True,
                              check_given=False)
        target = "model" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split("."))
        lines.append(f"{target} = {layer_code(op.type, kwargs)}")
        targets.append(path + ".")
    if b.freeze:
        lines += ["# Freeze the backbone: only the replaced head learns.",
                  "for name, param in model.named_parameters():",
                  f"    param.requires_grad = name.startswith({tuple(targets)!r})"]
    return "\n".join(lines)

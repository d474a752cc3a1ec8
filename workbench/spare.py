"""A warm spare run process: PyTorch imported, connected to the window, waiting for its job.

The window keeps one of these so that pressing Train does not wait seconds for
an interpreter to start and import PyTorch. It connects to the address and
token in its environment (``WORKBENCH_RUN_ADDRESS``, ``WORKBENCH_RUN_TOKEN``),
imports the training stack, says it is ready, and waits for a ``job`` line:
the `workbench` command line to run (``train PROJECT --out DIR ...``). The
events of that command go back over the same connection. When the window
goes away first, the spare exits.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    from workbench.core.training.protocol import ADDRESS_VARIABLE, RunLink

    try:
        link = RunLink.connect(os.environ[ADDRESS_VARIABLE], role="spare")
    except (KeyError, OSError, ValueError) as e:
        print(f"error: the spare run process cannot reach the window: {e}", file=sys.stderr)
        return 2
    warm_up()
    link.send({"ready": True, "pid": os.getpid()})
    argv = link.wait_for_job()
    if argv is None:
        return 0
    from workbench.cli import main as cli_main

    return cli_main(argv, link=link)


def warm_up() -> None:
    """Import what a run needs before it is asked for: that is the point of a spare."""
    import torch  # noqa: F401
    import torch.utils.tensorboard  # noqa: F401
    import torchvision  # noqa: F401

    import workbench.cli  # noqa: F401
    import workbench.core.training.engine  # noqa: F401


if __name__ == "__main__":
    sys.exit(main())

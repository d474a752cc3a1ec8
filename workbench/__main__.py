"""`python -m workbench` is the same as the `workbench` command."""

import os
import sys

from workbench.cli import main

code = main()
if "TORCHELASTIC_RUN_ID" in os.environ:
    # A training process torchrun started: its files are written and closed and its process group destroyed.
    # Leave without the interpreter's teardown, where C++ objects of the distributed backend were now and then
    # destroyed in an order that aborted the process ("terminate called without an active exception") after a
    # finished run — and the other machine's launcher then waited five minutes for it.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)
sys.exit(code)

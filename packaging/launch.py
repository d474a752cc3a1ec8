"""Entry script of the PyInstaller bundle: `python -m workbench`, plus freeze_support().

Spawned DataLoader workers and multiprocessing's resource tracker re-run the
frozen executable (DESIGN.md: `spawn`/`forkserver`, never `fork`, under Qt).
freeze_support() sends those children to their job; without it each one would
start the app again. It must run here, in the entry script, after PyInstaller's
runtime hooks have made it work on every platform (a runtime hook of our own
runs too early: the stdlib version does nothing outside Windows).
workbench/__main__.py stays free of it for pip installs, which need none.
"""

import multiprocessing
import sys

from workbench.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())

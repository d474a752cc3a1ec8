"""PyInstaller runtime hook: let multiprocessing's spawned children do their job and exit.

DataLoader workers started with the `spawn`/`forkserver` context (DESIGN.md: never
`fork` under Qt) re-run the frozen executable. Without freeze_support() each worker
would start the app again (a second window). The call belongs at the top of the
entry module; doing it here keeps workbench/__main__.py the same for pip installs.
PyInstaller's own multiprocessing hook, which runs before user hooks, makes
freeze_support() work on every platform, not only Windows.
"""

import multiprocessing

multiprocessing.freeze_support()

"""The PySide6 window. Edits a `Project`, hands it to core, shows the events core emits; no training logic."""

from workbench.gui.compat import guard_singleton_refcounts

# Before any widget exists: PySide6 6.12's Signal.emit leaks references to True (see compat.py).
guard_singleton_refcounts()

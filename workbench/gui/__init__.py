"""The PySide6 window. Edits a `Project`, hands it to core, shows the events core emits; no training logic."""

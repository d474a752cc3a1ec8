"""Everything that runs headless. Never imports Qt: the GUI and the CLI both drive it."""

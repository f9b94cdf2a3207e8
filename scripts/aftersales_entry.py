"""Entry script for the PyInstaller bundle (PyInstaller needs a file, not a module)."""

import sys

from aftersales.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

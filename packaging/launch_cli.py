"""Entry point of the frozen command line (thidua.exe)."""
import sys

from thidua_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())

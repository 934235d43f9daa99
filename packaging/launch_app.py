"""Entry point of the frozen window program (ThiDua.exe)."""
import sys

from thidua_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())

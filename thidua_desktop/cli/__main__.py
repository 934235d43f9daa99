"""``python -m thidua_desktop.cli``: the same as ``thidua``."""
import sys

from . import main

sys.exit(main())

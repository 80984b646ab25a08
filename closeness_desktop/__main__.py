"""``python -m closeness_desktop`` runs the same entry point as ``closeness``."""

import sys

from closeness_desktop.cli import main

sys.exit(main())

"""Python's cycle collector around start-up.

Start-up makes a few hundred thousand objects that live as long as the app: modules
(SQLAlchemy's above all), Qt's wrappers, the window's models. While they are made the
collector's full passes walk them again and again (one took 10 to 30 ms on the way to the
first page), and once the app runs every full pass walks them all for nothing: 35 to 60 ms
with the window unable to paint, now and then while searching (docs/benchmarks.md).

So the collector waits during start-up (:func:`hold`), and once the first page is on
screen (:func:`settle`) what exists then is frozen (``gc.freeze``: never collected, never
walked again) and collection resumes for everything made afterwards.
"""

from __future__ import annotations

import gc


def hold() -> None:
    """No collection until :func:`settle`: start-up makes objects, it frees few."""
    gc.disable()


def settle() -> None:
    """Leave what exists now out of every later collection, and collect again."""
    gc.freeze()
    gc.enable()

"""Benchmarks for Closeness, with their results in ``docs/benchmarks.md``.

* ``python -m bench.seed``: fill a data folder with a realistic ten-year household.
* ``python -m bench.startup``: time to the first painted timeline page, against a bare window.
* ``python -m bench.search``: timeline, search and jump-to-date query latency.
* ``python -m bench.idle``: CPU time and wake-ups of the app idle in the tray.
* ``python -m bench.ritual_delay``: from a reminder's due time to its notification.
* ``python -m bench.responsive``: event-loop stalls while scrolling, searching, jumping.

Each module has ``--help``. The benchmarks only read or create the folders they are given
and never touch the user's own settings or data.
"""

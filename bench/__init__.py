"""Benchmarks for Closeness, with their results in ``docs/benchmarks.md``.

* ``python -m bench.seed``: fill a data folder with a realistic ten-year household.
* ``python -m bench.startup``: time to the first painted timeline page, against a bare window.
* ``python -m bench.search``: timeline, search and jump-to-date query latency.

Each module has ``--help``. The benchmarks only read or create the folders they are given
and never touch the user's own settings or data.
"""

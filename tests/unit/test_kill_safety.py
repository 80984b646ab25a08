"""A short run of the crash benchmark: a writer killed with SIGKILL at random moments
loses no write it reported committed and leaves no damaged file (``bench.crash`` runs
hundreds of kills; docs/reliability.md has the figures)."""

from __future__ import annotations

from pathlib import Path

from bench.crash import WORKS, run_kills


def test_kills_during_writes_lose_nothing_and_damage_nothing(tmp_path: Path) -> None:
    tallies = run_kills(tmp_path, kills=4, works=WORKS, seed=7)

    assert {work: tally.problems for work, tally in tallies.items()} == {work: [] for work in WORKS}
    assert all(tally.kills == 4 for tally in tallies.values())

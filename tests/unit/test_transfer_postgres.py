"""Export and import with a household on a real PostgreSQL server (tests/postgres.py).

The export reads in batches; on PostgreSQL one REPEATABLE READ transaction is what keeps
them one snapshot while another computer goes on writing. And an archive carries a
household from the server to a file and back without losing a field.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household
from closeness_desktop.household import transfer as transfer_module
from tests.unit.transfer_archives import Households, content, fill

pytest_plugins = ["tests.postgres"]


@pytest.fixture
def on_server(postgres_url: str, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(postgres_url, clock)
    fill(household)
    yield household
    household.close()


def test_an_export_from_the_server_is_one_snapshot_while_another_computer_writes(
    on_server: Household, postgres_url: str, clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(transfer_module, "BATCH", 2)
    elsewhere = Household.open(postgres_url, clock)
    sam = on_server.partners.named("Sam")
    written: list[uuid.UUID] = []

    def write_meanwhile(_done: int, _total: int) -> bool:
        if len(written) < 3:
            written.append(elsewhere.entries.add(Draft.note(sam.id, "meanwhile")).id)
        return True

    try:
        report = on_server.transfer.export_to(tmp_path / "during.zip", progress=write_meanwhile)
    finally:
        elsewhere.close()

    assert len(written) == 3  # each of them committed while the export read
    archive = on_server.transfer.read(tmp_path / "during.zip")
    assert {entry.id for entry in archive.entries}.isdisjoint(written)
    assert len(archive.entries) == report.entries == 7


def test_a_household_moves_from_the_server_to_a_file_and_back_unchanged(
    on_server: Household, made: Households, postgres_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    on_server.transfer.export_to(tmp_path / "from-server.zip")
    on_file = made.new()
    on_file.transfer.import_from(tmp_path / "from-server.zip")
    assert content(on_file) == content(on_server)

    on_file.transfer.export_to(tmp_path / "from-file.zip")
    again = on_server.transfer.import_from(tmp_path / "from-file.zip")

    assert again.entries_added == 0  # merged by UUID: the server already has every one
    assert content(on_server) == content(on_file)

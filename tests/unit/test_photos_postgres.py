"""Photos with a household on a real PostgreSQL server (tests/postgres.py): the files go
in the data folder the caller names; the rows, the purge and the tidy-up work the same."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household
from closeness_desktop.household.photo_files import check_at
from closeness_desktop.pictures.photo_folder import PhotoFolder

pytest_plugins = ["tests.postgres"]
PHOTOS = Path(__file__).parent.parent / "data" / "photos"


@pytest.fixture
def on_server(postgres_url: str, clock: FakeClock, data_dir: Path) -> Iterator[Household]:
    household = Household.open(postgres_url, clock, data_dir=data_dir)
    household.partners.setup(["Sam", "Alex"])
    yield household
    household.close()


def test_photos_on_the_server_live_in_the_given_folder_and_go_with_the_trash(
    on_server: Household, postgres_url: str, data_dir: Path
) -> None:
    sam = on_server.partners.named("Sam")
    zone = on_server.clock.local_zone()
    draft = Draft.memory(sam.id, "Lake day", date(2019, 7, 14), zone)
    record, added = on_server.photos.add_memory(
        draft, [PHOTOS / "Landscape_6.jpg", PHOTOS / "pug.heic"]
    )
    assert [photo.name for photo in added] == ["Landscape_6.jpg", "pug.heic"]
    assert on_server.photos.path_of(added[0]).is_relative_to(data_dir / "photos")
    assert on_server.photos.of_entries([record.id]) == {record.id: added}
    assert check_at(postgres_url, data_dir).words() == "All 2 photos are in place."
    on_server.entries.delete(record.id, by=sam.id)
    assert on_server.entries.delete_forever(None) == 1
    assert PhotoFolder(data_dir).files() == []
    assert on_server.photos.check().sound

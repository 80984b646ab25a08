"""The private corner on a real PostgreSQL server (tests/postgres.py): the same sealed words,
locks and search as on SQLite, and no private word in any table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, EntryKind, Household, TimelineFilter
from closeness_desktop.household.privacy import LockRefused
from closeness_desktop.records import ValidationError

pytest_plugins = ["tests.postgres"]
WORD = "axolotlprivate"
SEALED = "pangolinsealed"
PHOTO = Path(__file__).parents[1] / "data" / "photos" / "Landscape_1.jpg"


@pytest.fixture
def on_server(postgres_url: str, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(postgres_url, clock)
    household.partners.setup(["Sam", "Alex"])
    yield household
    household.close()


def test_private_and_sealed_words_on_the_server_stay_sealed(
    on_server: Household, postgres_url: str, clock: FakeClock
) -> None:
    sam, alex = on_server.partners.named("Sam").id, on_server.partners.named("Alex").id
    on_server.privacy.set_lock(sam, "a long walk home")
    private = on_server.entries.add(
        Draft(EntryKind.NOTE, sam, body=f"{WORD} in the rain", private=True)
    )
    opens = clock.now() + timedelta(days=2)
    on_server.entries.add(
        Draft(EntryKind.NOTE, sam, addressee_id=alex, body=f"{SEALED} for you", opens_at=opens)
    )

    assert [row.id for row in on_server.entries.page(TimelineFilter(text="axolotl")).rows] == [
        private.id
    ]
    on_server.privacy.lock()
    assert on_server.entries.page(TimelineFilter(text="axolotl")).rows == []
    with pytest.raises(LockRefused):
        on_server.privacy.unlock(sam, "not the one")

    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            dumped = " ".join(
                str(row)
                for table in ("entries", "sealed_words", "wrapped_keys", "settings")
                for row in connection.execute(text(f"SELECT * FROM {table}"))
            )
    finally:
        engine.dispose()
    assert WORD not in dumped
    assert SEALED not in dumped

    clock.advance(timedelta(days=3))
    [opened] = on_server.privacy.open_due()
    assert opened.body == f"{SEALED} for you"
    on_server.privacy.unlock(sam, "a long walk home")
    assert on_server.entries.get(private.id).body == f"{WORD} in the rain"


def test_a_private_memorys_photo_on_the_server_is_sealed_and_opens_for_its_owner(
    postgres_url: str, clock: FakeClock, data_dir: Path
) -> None:
    household = Household.open(postgres_url, clock, data_dir=data_dir)
    try:
        household.partners.setup(["Sam", "Alex"])
        sam = household.partners.named("Sam").id
        household.privacy.set_lock(sam, "a long walk home")
        draft = Draft.memory(sam, "The lake", date(2019, 7, 14), clock.local_zone())
        _memory, [photo] = household.photos.add_memory(replace(draft, private=True), [PHOTO])

        assert photo.sealed
        assert household.photos.image_bytes(photo)[:2] == b"\xff\xd8"  # a JPEG, opened
        household.privacy.lock()
        with pytest.raises(ValidationError):
            household.photos.image_bytes(photo)
    finally:
        household.close()

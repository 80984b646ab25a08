"""Shared fixtures: every test gets its own folders, a fake clock and, if it asks, a household."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

# Widget tests draw offscreen; tests that need a real desktop start one for the app they run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.privacy import keys

DATA = Path(__file__).parent / "data"
ZONE = ZoneInfo("Europe/Berlin")
#: Thursday 26 November 2026, 19:30 in Berlin.
START = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the platform folders (settings, logs) of every test in its own temporary folder."""
    home = tmp_path / "home"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("CLOSENESS_DATA_DIR", raising=False)
    return home


@pytest.fixture(autouse=True)
def quick_key_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at 8 MiB and one pass for keys wrapped in a test: the same code at a tenth
    of the cost (each key keeps its costs; bench.privacy measures the real ones)."""
    monkeypatch.setattr(keys, "COSTS", keys.KdfParams(iterations=1, memory_kib=8 * 1024, lanes=1))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START, ZONE)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "household"
    folder.mkdir()
    return folder


@pytest.fixture
def empty_household(data_dir: Path, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield household
    household.close()


@pytest.fixture
def household(empty_household: Household) -> Household:
    """Sam (who uses this OS account) and Alex."""
    empty_household.partners.setup(
        ["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser()
    )
    return empty_household


@pytest.fixture
def sam(household: Household) -> PartnerInfo:
    return household.partners.named("Sam")


@pytest.fixture
def alex(household: Household) -> PartnerInfo:
    return household.partners.named("Alex")

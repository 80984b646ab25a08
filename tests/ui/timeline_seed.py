"""A small household to read: long and short notes, check-ins, a memory, plans ahead.

Shared by the timeline tests and the screenshots in docs/screenshots (``python -m
tests.ui.timeline_seed DIR`` fills a data folder with the same entries).
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_model import TimelineModel
from closeness_desktop.ui.timeline_page import TimelinePage

WAIT_MS = 20_000

LONG_NOTE = (
    "I keep thinking about Sunday morning, the way the light came in while you read the"
    " paper out loud to me, doing the voices for every letter to the editor.\n\n"
    "It made me remember why I fell for you: you make ordinary hours feel like something"
    " we chose on purpose. Even the dishes were fun.\n\n"
    "I know the last weeks were heavy with work and your mum's move, and I have not"
    " always said how proud I am of how you carried it. I am. Very.\n\n"
    "So here is my promise for December: one slow morning a week, phones in the drawer,"
    " pancakes, and the naive crossword we never finish. The last line is for you alone:"
    " thank you for staying curious about me."
)
#: The word the long note hides below its first lines.
HIDDEN_WORD = "crossword"


def seed(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> dict[str, object]:
    """Put the entries in; returns the ones a test looks for by name."""
    now = household.clock.now()
    zone = household.clock.local_zone()
    entries = household.entries

    def at(draft: Draft, moment: datetime) -> Draft:
        return replace(draft, occurred_at=moment)

    made: dict[str, object] = {}
    made["old"] = entries.add(
        at(
            Draft.note(alex.id, "Our first flat: the naive idea of painting it ourselves."),
            now - timedelta(days=2200),
        )
    )
    made["memory"] = entries.add(
        Draft.memory(
            sam.id,
            "Lisbon, tram 28",
            (now - timedelta(days=40)).astimezone(zone).date(),
            zone,
            text="We missed our stop twice and did not mind at all.",
            place="Lisbon",
        )
    )
    made["checkin"] = entries.add(
        at(Draft.checkin(alex.id, 4, ["calm", "grateful"]), now - timedelta(days=3, hours=2))
    )
    made["long"] = entries.add(
        at(Draft.note(sam.id, LONG_NOTE, to=alex.id), now - timedelta(days=1))
    )
    made["short"] = entries.add(
        at(Draft.note(alex.id, "Coffee is on me tomorrow ☕", to=sam.id), now - timedelta(hours=3))
    )
    made["plan"] = entries.add(
        Draft.plan(
            sam.id, "Date night: the Italian place", now + timedelta(days=2), "Trattoria Da Mimmo"
        )
    )
    return made


@pytest.fixture
def open_window(
    qtbot: QtBot, tmp_path: Path, household: Household
) -> Iterator[Callable[[], MainWindow]]:
    """Show a window on the household once the test has put its entries in."""
    windows: list[MainWindow] = []

    def open_() -> MainWindow:
        window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(900, 700)
        window.show()
        qtbot.waitExposed(window)
        window.attach(household)
        page = window.timeline_page
        qtbot.waitUntil(lambda: page.stack.currentWidget() is not page.loading_page)
        return window

    yield open_
    for window in windows:
        window.detach()


def model_of(page: TimelinePage) -> TimelineModel:
    assert page.model is not None
    return page.model


def main(folder: str) -> None:
    """Fill ``folder`` with the seeded household (for screenshots of the real app)."""
    from pathlib import Path

    from closeness_desktop.clock import SystemClock

    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    household = Household.open(f"sqlite:///{path / 'closeness.sqlite3'}", SystemClock())
    try:
        household.partners.setup(["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser())
        seed(household, household.partners.named("Sam"), household.partners.named("Alex"))
    finally:
        household.close()


if __name__ == "__main__":
    main(sys.argv[1])

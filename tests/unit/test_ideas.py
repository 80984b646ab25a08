"""Date-night ideas: the shipped file, loading errors, the surprise picker, together mode."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from closeness_desktop.dates.ideas import (
    RECENT_DAYS,
    Budget,
    Idea,
    IdeaFileError,
    IdeaFilters,
    IdeaGroup,
    Match,
    Setting,
    TogetherSession,
    Vote,
    load_builtin_ideas,
    load_ideas,
    recency_weight,
    surprise,
)

IDEAS_FILE = Path(__file__).resolve().parents[2] / "resources" / "ideas.json"
TODAY = date(2025, 6, 14)


def idea(idea_id: str, **changes: object) -> Idea:
    fields: dict[str, object] = {
        "id": idea_id,
        "title": idea_id.replace("-", " ").capitalize(),
        "text": "Something lovely to do together.",
        "group": IdeaGroup.AT_HOME,
        "budget": Budget.FREE,
        "setting": Setting.INDOORS,
        "minutes": 60,
    }
    fields.update(changes)
    return Idea(**fields)  # type: ignore[arg-type]


def entry(idea_id: str = "walk", **changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": idea_id,
        "title": "A walk",
        "text": "Go for a walk.",
        "group": "outdoors",
        "budget": "free",
        "setting": "outdoors",
        "minutes": 45,
    }
    fields.update(changes)
    return fields


def document(*entries: object) -> str:
    return json.dumps({"version": 1, "ideas": list(entries)})


# --- the shipped ideas ----------------------------------------------------------------


def test_the_shipped_file_is_valid_and_has_enough_ideas() -> None:
    ideas = load_ideas(IDEAS_FILE)
    assert len(ideas) >= 60
    assert load_builtin_ideas() == ideas
    assert load_ideas(IDEAS_FILE.read_text(encoding="utf-8")) == ideas


def test_every_group_is_well_covered() -> None:
    groups = Counter(idea.group for idea in load_builtin_ideas())
    assert set(groups) == set(IdeaGroup)
    assert min(groups.values()) >= 10


def test_the_shipped_ideas_read_the_way_we_write() -> None:
    for item in load_builtin_ideas():
        assert item.text.endswith("."), item.id
        assert item.text.count(".") == 1, item.id  # one sentence
        assert "!" not in item.text + item.title, item.id
        if item.group is IdeaGroup.LITTLE_OR_NO_MONEY:
            assert item.budget in (Budget.FREE, Budget.LOW), item.id


def test_the_shipped_ideas_cover_the_seed_themes() -> None:
    ids = {item.id for item in load_builtin_ideas()}
    # A quiet night in, a walk in the park, meals without screens, travel, growing.
    assert {"candlelit-living-room", "park-walk", "screen-free-supper"} <= ids
    assert {"weekend-away", "train-day-trip", "shared-dream-list"} <= ids


# --- loading errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (document(entry("walk"), entry("walk")), 'Two ideas share the id "walk"'),
        (document(entry(group="indoorsy")), 'the group "indoorsy", which is not one of at_home'),
        (document(entry(budget="lavish")), 'the budget "lavish"'),
        (document(entry(setting="space")), 'the setting "space"'),
        (document({"id": "walk"}), r'Idea 1 \("walk"\) is missing title'),
        (document(entry(minutes=0)), "minutes as a whole number"),
        (document(entry(minutes=True)), "minutes as a whole number"),
        (document(entry(minutes="an hour")), "minutes as a whole number"),
        (document(entry("Not A Slug")), "lowercase letters"),
        (document(entry(text="  ")), "needs some text"),
        (document(entry(title="x" * 81)), "longer than 80"),
        (document(entry(colour="blue")), "field we don't know: colour"),
        (document("walk"), "Idea 1 should be an object"),
        ('{"version": 1, "ideas": [', "not valid JSON"),
        ('{"version": 2, "ideas": []}', "version 1"),
        ("[]", 'list called "ideas"'),
    ],
)
def test_problems_in_an_ideas_file_are_named(text: str, message: str) -> None:
    with pytest.raises(IdeaFileError, match=message):
        load_ideas(text)


def test_a_missing_file_is_an_idea_file_error(tmp_path: Path) -> None:
    with pytest.raises(IdeaFileError, match="can't be read"):
        load_ideas(tmp_path / "nowhere.json")


# --- filters --------------------------------------------------------------------------


def test_filters_match_budget_setting_minutes_and_group() -> None:
    cheap_in = idea("cheap-in", budget=Budget.LOW, setting=Setting.INDOORS, minutes=30)
    pricey_out = idea(
        "pricey-out",
        budget=Budget.HIGH,
        setting=Setting.OUTDOORS,
        minutes=240,
        group=IdeaGroup.SOMETHING_NEW,
    )
    anywhere = idea("anywhere", setting=Setting.EITHER)
    assert IdeaFilters().allows(pricey_out)
    assert IdeaFilters(max_budget=Budget.MEDIUM).allows(cheap_in)
    assert not IdeaFilters(max_budget=Budget.MEDIUM).allows(pricey_out)
    assert IdeaFilters(setting=Setting.OUTDOORS).allows(pricey_out)
    assert IdeaFilters(setting=Setting.OUTDOORS).allows(anywhere)
    assert not IdeaFilters(setting=Setting.OUTDOORS).allows(cheap_in)
    assert IdeaFilters(setting=Setting.EITHER).allows(cheap_in)
    assert not IdeaFilters(max_minutes=60).allows(pricey_out)
    assert IdeaFilters(group=IdeaGroup.SOMETHING_NEW).allows(pricey_out)
    assert not IdeaFilters(group=IdeaGroup.SOMETHING_NEW).allows(cheap_in)


# --- surprise -------------------------------------------------------------------------


def test_surprise_only_offers_ideas_that_fit() -> None:
    ideas = load_builtin_ideas()
    filters = IdeaFilters(max_budget=Budget.LOW, setting=Setting.OUTDOORS, max_minutes=90)
    rng = random.Random(7)
    for _ in range(200):
        picked = surprise(ideas, filters=filters, recently_done={}, today=TODAY, rng=rng)
        assert picked is not None
        assert filters.allows(picked)


def test_surprise_is_none_when_nothing_fits() -> None:
    filters = IdeaFilters(max_minutes=1)
    picked = surprise(
        load_builtin_ideas(), filters=filters, recently_done={}, today=TODAY, rng=random.Random(1)
    )
    assert picked is None


def test_surprise_is_reproducible_with_a_seed_whatever_the_order() -> None:
    ideas = load_builtin_ideas()
    done = {ideas[0].id: TODAY - timedelta(days=3)}

    def picks(order: tuple[Idea, ...], seed: int) -> list[str]:
        rng = random.Random(seed)
        found = [surprise(order, recently_done=done, today=TODAY, rng=rng) for _ in range(20)]
        return [item.id for item in found if item is not None]

    assert picks(ideas, 42) == picks(ideas[::-1], 42)
    assert picks(ideas, 42) != picks(ideas, 43)


def test_surprise_prefers_ideas_not_done_lately() -> None:
    recent, fresh = idea("recent"), idea("fresh")
    done = {"recent": TODAY - timedelta(days=5)}
    rng = random.Random(2025)
    counts = Counter(
        item.id
        for item in (
            surprise([recent, fresh], recently_done=done, today=TODAY, rng=rng) for _ in range(1000)
        )
        if item is not None
    )
    assert counts["fresh"] > 950


def test_surprise_prefers_never_done_over_an_old_favourite() -> None:
    old, never = idea("old-favourite"), idea("never-done")
    done = {"old-favourite": TODAY - timedelta(days=800)}
    rng = random.Random(11)
    counts = Counter(
        item.id
        for item in (
            surprise([old, never], recently_done=done, today=TODAY, rng=rng) for _ in range(2000)
        )
        if item is not None
    )
    assert counts["never-done"] > counts["old-favourite"] > 0


def test_recency_weight_grows_with_time() -> None:
    weights = [
        recency_weight(TODAY - timedelta(days=days), TODAY)
        for days in (0, RECENT_DAYS - 1, RECENT_DAYS, 100, 200, 365, 1000)
    ]
    assert weights == sorted(weights)
    assert weights[0] == weights[1] < 0.05
    assert weights[-1] < recency_weight(None, TODAY) == 1.0
    assert recency_weight(TODAY + timedelta(days=3), TODAY) < 0.05  # a clock mix-up


# --- together mode --------------------------------------------------------------------

PARTNERS = ("Alex", "Sam")


def session_with(votes: dict[str, tuple[Vote, Vote]]) -> TogetherSession:
    session = TogetherSession.start([idea(idea_id) for idea_id in votes], PARTNERS)
    for idea_id, (first, second) in votes.items():
        session = session.vote("Alex", idea_id, first).vote("Sam", idea_id, second)
    return session


def test_matches_rank_yes_yes_then_yes_maybe_then_maybe_maybe() -> None:
    session = session_with(
        {
            "maybe-maybe": (Vote.MAYBE, Vote.MAYBE),
            "no-yes": (Vote.NO, Vote.YES),
            "maybe-yes": (Vote.MAYBE, Vote.YES),
            "yes-yes": (Vote.YES, Vote.YES),
            "yes-maybe": (Vote.YES, Vote.MAYBE),
            "yes-no": (Vote.YES, Vote.NO),
            "also-yes-yes": (Vote.YES, Vote.YES),
        }
    )
    ranked = [(match.idea.id, match.tier) for match in session.matches()]
    assert ranked == [
        ("yes-yes", 0),
        ("also-yes-yes", 0),
        ("maybe-yes", 1),
        ("yes-maybe", 1),
        ("maybe-maybe", 2),
    ]
    assert session.matches() == session.matches()
    assert session.matches()[2] == Match(idea("maybe-yes"), (Vote.MAYBE, Vote.YES))


def test_partners_take_turns_on_the_same_idea() -> None:
    session = TogetherSession.start([idea("one"), idea("two")], PARTNERS)
    order: list[tuple[str, str]] = []
    while (partner := session.whose_turn) is not None:
        current = session.next_idea(partner)
        assert current is not None
        order.append((partner, current.id))
        session = session.vote(partner, current.id, Vote.YES)
    assert order == [("Alex", "one"), ("Sam", "one"), ("Alex", "two"), ("Sam", "two")]
    assert session.finished
    assert session.next_idea("Alex") is None


def test_an_idea_only_one_partner_answered_is_not_a_match_yet() -> None:
    session = TogetherSession.start([idea("one")], PARTNERS).vote("Alex", "one", Vote.YES)
    assert session.matches() == []
    assert not session.finished


def test_voting_returns_a_new_session_and_answers_can_change() -> None:
    start = TogetherSession.start([idea("one")], PARTNERS)
    voted = start.vote("Alex", "one", Vote.NO)
    assert start.vote_of("Alex", "one") is None
    assert voted.vote_of("Alex", "one") is Vote.NO
    changed = voted.vote("Alex", "one", Vote.YES).vote("Sam", "one", Vote.MAYBE)
    assert [match.idea.id for match in changed.matches()] == ["one"]


def test_a_session_refuses_strangers_and_unknown_ideas() -> None:
    session = TogetherSession.start([idea("one")], PARTNERS)
    with pytest.raises(ValueError, match="not part of this session"):
        session.vote("Robin", "one", Vote.YES)
    with pytest.raises(ValueError, match="not one of this session's ideas"):
        session.vote("Alex", "two", Vote.YES)
    with pytest.raises(ValueError, match="two partners"):
        TogetherSession.start([idea("one")], ("Alex", "Alex"))
    with pytest.raises(ValueError, match="only once"):
        TogetherSession.start([idea("one"), idea("one")], PARTNERS)

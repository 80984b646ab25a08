"""What a screen says when a save or an undo meets a newer version written elsewhere.

The household refuses such a write and hands over the newer version; the screen shows it
in words and leaves the choice to the person: nothing is overwritten silently.
"""

from __future__ import annotations

from datetime import tzinfo

from closeness_desktop import humanize
from closeness_desktop.agenda import plan_line
from closeness_desktop.records import ConflictError, EntryRecord

PREVIEW_CHARS = 240


def newer_version(problem: ConflictError, zone: tzinfo) -> str:
    """The newer version a :class:`ConflictError` carries, in a line or two ('' if none)."""
    # Imported here: the composer and the window import this module on the way to the first
    # paint, and the household brings SQLAlchemy with it.
    from closeness_desktop.household import PlanRecord

    current = problem.current
    if isinstance(current, PlanRecord):
        return plan_line(current.plan, zone)
    if isinstance(current, EntryRecord):
        text = humanize.headline(current) or current.body
        return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"
    return ""


def editor_message(problem: ConflictError, zone: tzinfo) -> str:
    """For an editor that stays open: what happened, their version, and what Save does now."""
    newer = newer_version(problem, zone)
    shown = f" It now reads: “{newer}”." if newer else ""
    if problem.current is None:
        return str(problem)
    return f"{problem}{shown} Your words are still here: Save again to put them in its place."


def step_question(problem: ConflictError, zone: tzinfo, *, undo: bool) -> str:
    """For Undo or Redo over a newer change: what changed, how it reads now, and the question."""
    newer = newer_version(problem, zone)
    shown = f"\n\nIt now reads: “{newer}”." if newer else ""
    return f"{problem}{shown}\n\n{'Undo' if undo else 'Redo'} anyway?"

"""The rituals' pure half: what is due when, their settings, greetings and date-night reminders.

Nothing here imports Qt or the household; the Qt half lives in ``closeness_desktop.companion``.
"""

"""Screens: the main window, the timeline, editors, the tray. Only they import widgets."""

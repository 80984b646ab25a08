"""The tray's companion on the event loop: presence, the one ritual timer, notifications.

This package sits above ``household`` (it changes data only through its operations) and
below ``ui`` (it imports no widgets, except the tray balloon in ``notifications.tray``).
"""

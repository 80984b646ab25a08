"""Desktop notifications: one protocol, four backends, and a chain that keeps the one that works.

Import from the module that does the job: :mod:`.message` (what a notification is and
what a backend promises), :mod:`.freedesktop` (D-Bus), :mod:`.plyer_backend`,
:mod:`.tray` (tray balloon and in-app banner) and :mod:`.chain`.  None of them ever
waits on the GUI thread: D-Bus calls and helper programs report back on the event loop.
"""

"""Storage: typed SQLAlchemy models, an engine for any URL, migrations and timeline queries.

Nothing here imports Qt. The UI never uses this package directly; it goes through
``closeness_desktop.household``.
"""

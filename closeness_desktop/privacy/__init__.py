"""A private corner for each partner: keys, the lock's delays, and sealed text.

Pure: no Qt and no database. ``household.privacy`` keeps the wrapped keys and the sealed
text in the household's database and holds the unlocked keys while a partner is here.
See docs/privacy.md for what a lock protects against, and what it does not.
"""

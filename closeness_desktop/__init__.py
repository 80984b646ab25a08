"""Closeness: a desktop companion for the small rituals that keep a couple close."""

__version__ = "0.1.0"
APP_NAME = "Closeness"
APP_ID = "closeness"

"""Conversation prompts: the deck, offered in an order that never repeats until it is through."""

"""The rituals: what the couple wants to be reminded of, and when."""

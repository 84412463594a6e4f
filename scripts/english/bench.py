"""English for the bench strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {}

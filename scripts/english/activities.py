"""English for the activities strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {}

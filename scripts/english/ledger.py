"""English for the ledger strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {}

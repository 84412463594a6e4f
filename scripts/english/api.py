"""English for the api strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # activities/api.py, ledger/api.py
    "所需技能中有不存在的技能。": "One of the required skills does not exist.",
    "您还不是注册志愿者。": "You are not a registered volunteer yet.",
}

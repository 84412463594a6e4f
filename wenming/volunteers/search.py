"""Search keys of a volunteer's name: simplified characters, pinyin and pinyin initials.

Traditional characters are folded to simplified ones (鐵力 finds 铁力), so both the stored keys and
a query pass through the same `text_simplified`.
"""

import re
from functools import cache

import opencc
from pypinyin import lazy_pinyin

_WORD = re.compile(r"[0-9a-zA-Z]+")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def text_simplified(text: str) -> str:
    return _converter().convert(text)


def name_search_keys(name: str) -> tuple[str, str, str]:
    """(simplified name, full pinyin, pinyin initials), lower case, without tones or separators."""
    simplified = text_simplified(name.strip())
    # Chinese characters become one syllable each; other runs (Latin names, digits) split into words.
    syllables = [word.lower() for token in lazy_pinyin(simplified) for word in _WORD.findall(token)]
    pinyin = "".join(syllables)
    initials = "".join(syllable[0] for syllable in syllables if syllable)
    return simplified, pinyin[:255], initials[:64]

"""What the public reads as an item's 内容概述."""

import re

_PUNCTUATION = re.compile(r"[\s“”\"'‘’《》「」『』〈〉()（）,，.。:：;；、!！?？·-]")


def readable_summary(item) -> str:
    """The summary, or "" when it only restates the title (a generated "关于《标题》的有关
    事项" tells a reader nothing and reads badly)."""
    summary = (item.summary or "").strip()
    if not summary:
        return ""
    bare_title = _PUNCTUATION.sub("", item.title or "")
    if bare_title and bare_title in _PUNCTUATION.sub("", summary):
        return ""
    return summary

"""Pure text functions for messages: masking personal data in a question chosen for
publication, and the Art. 39 answer naming the proper channel. No database access."""

from __future__ import annotations

import re

# An 18-digit resident ID number (last character may be X), and an 11-digit mainland
# mobile number; neither may sit inside a longer run of digits.
ID_NUMBER_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
MOBILE_RE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def mask_id_number(m: re.Match) -> str:
    s = m.group(0)
    return s[:6] + "*" * 8 + s[-4:]


def mask_mobile(m: re.Match) -> str:
    s = m.group(0)
    return s[:3] + "****" + s[-4:]


def mask_personal(text: str, *, names: list[str] = ()) -> str:
    """The text with ID numbers, mobile numbers and e-mail addresses masked, and each of
    `names` (the sender's name, phone, e-mail) replaced by asterisks."""
    text = ID_NUMBER_RE.sub(mask_id_number, text)
    text = MOBILE_RE.sub(mask_mobile, text)
    text = EMAIL_RE.sub("***@***", text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, "*" * len(name) if len(name) <= 4 else "****")
    return text


def personal_data_left(text: str, *, names: list[str] = ()) -> list[str]:
    """What personal data is still in `text` (labels in Chinese), empty when none."""
    found = []
    if ID_NUMBER_RE.search(text):
        found.append("身份证号码")
    if MOBILE_RE.search(text):
        found.append("手机号码")
    if EMAIL_RE.search(text):
        found.append("电子邮箱")
    for n in names:
        if n and n.strip() and n.strip() in text:
            found.append(f"“{n.strip()}”")
    return found


CHANNEL_TEMPLATE = (
    "您好！您反映的事项属于{what}，依照《中华人民共和国政府信息公开条例》第三十九条，"
    "不作为政府信息公开申请或本网站留言事项处理。请您通过{channel}提出，"
    "由有权机关依法处理。感谢您的理解与支持。"
)
WHAT = {
    "complaint": "信访、投诉、举报事项",
    "consult": "应当通过其他渠道办理的事项",
    "suggest": "应当通过其他渠道办理的事项",
}


def channel_answer(*, kind: str, channel: str) -> str:
    """Art. 39: a petition, complaint or report is not handled here; the answer names the
    channel (信访/投诉渠道) the Office gives."""
    return CHANNEL_TEMPLATE.format(what=WHAT.get(kind, WHAT["consult"]), channel=channel.strip())

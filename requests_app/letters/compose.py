"""The text of each letter, as pure functions of what the service gathered (profile,
request, history, the parts the handler entered). The text is plain: paragraphs
separated by a blank line; the first is the title, the second the document number, the
last the signature block (body name and date). Nothing here reads the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .kinds import GROUNDS, REPLY_TYPES, ReplyType

LAW = "《中华人民共和国政府信息公开条例》"
DIGITS = "〇一二三四五六七八九"
NUMERALS = "零一二三四五六七八九十"


class LetterIncomplete(ValueError):
    """A required part of a letter is empty; the message names it (in Chinese)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _small_number(n: int) -> str:
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return f"{NUMERALS[tens] if tens > 1 else ''}十{NUMERALS[ones] if ones else ''}"


def chinese_date(d: date, style: str = "chinese") -> str:
    """二〇二六年三月二十日 (the style of official documents) or 2026年3月20日."""
    if style == "arabic":
        return f"{d.year}年{d.month}月{d.day}日"
    year = "".join(DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_small_number(d.month)}月{_small_number(d.day)}日"


def ordinal(n: int) -> str:
    return _small_number(n)


@dataclass(frozen=True)
class Sender:
    org_name: str
    phone: str
    contact_person: str
    date_style: str
    reconsideration_body: str = ""
    reconsideration_address: str = ""
    court_venue: str = ""
    fee_payment_instructions: str = ""


@dataclass(frozen=True)
class Subject:
    reference: str
    applicant_name: str
    received_on: date | None
    description: str


PUNCTUATION = "。，、；：！？,.;:!? \n\t"


def tidy(text: str) -> str:
    """Typed text without surrounding blanks or leading punctuation."""
    return (text or "").strip().lstrip(PUNCTUATION).strip()


def sentence(text: str) -> str:
    """The text as a sentence ending in Chinese punctuation."""
    text = tidy(text)
    text = text.rstrip("；;，,")
    return text if text.endswith(("。", "！", "？", "。”", "！”", "？”")) else text + "。"


def clause(text: str) -> str:
    """The text without its closing punctuation, to continue a sentence."""
    return tidy(text).rstrip("。；，,.;：:")


def require(value, label: str, field: str = "") -> None:
    if (
        value is None
        or value is False
        or (isinstance(value, str) and not tidy(value).strip(PUNCTUATION))
        or value == []
    ):
        raise LetterIncomplete(f"请填写“{label}”，该项为本文书的必备内容", field)


def check_no_holes(text: str) -> None:
    """The last guard against a letter with a gap in it."""
    for para in text.split("\n\n"):
        for line in para.split("\n"):
            if line.rstrip().endswith(("：", ":")):
                raise LetterIncomplete(f"文书中“{line.strip()[-20:]}”之后缺少内容")
    # Only gaps the wording itself can leave (an empty reason after 因, nothing after a colon);
    # the parts a person typed are checked by `require`, and may contain any punctuation.
    if re.search(r"(^|[。，；：\n])因，", text) or "：。" in text:
        raise LetterIncomplete("文书中存在空缺（缺少理由或内容），请补全后再出具")


def _frame(
    *, title: str, number: str, addressee_line: str, body: list[str], sender: Sender, issued_on: date, relief: str = ""
) -> str:
    require(sender.org_name, "机关名称（网站信息）")
    require(sender.contact_person, "联系人")
    require(sender.phone, "联系电话（网站信息）")
    require(number, "文书编号")
    paras = [title, number, addressee_line, *body]
    if relief:
        paras.append(relief)
    paras.append(f"联系人：{sender.contact_person}　联系电话：{sender.phone}")
    paras.append(f"{sender.org_name}\n{chinese_date(issued_on, sender.date_style)}")
    text = "\n\n".join(p.strip() for p in paras)
    check_no_holes(text)
    return text


def _received(subject: Subject, sender: Sender) -> str:
    require(subject.received_on, "收到申请日期")
    return chinese_date(subject.received_on, sender.date_style)


def _intro(subject: Subject, sender: Sender) -> str:
    require(subject.description, "申请内容")
    quoted = subject.description.strip()
    # The request is quoted in full; a quotation that ends a sentence needs no second full stop.
    end = "" if quoted.endswith(("。", "！", "？")) else "。"
    return (
        f"本机关于{_received(subject, sender)}收到您（单位）提出的政府信息公开申请（申请编号：{subject.reference}），"
        f"申请内容为：“{quoted}”{end}"
    )


def relief_paragraph(rtype: ReplyType, sender: Sender) -> str:
    """Relief since 2024-01-01 (行政复议法 2023): the body and 60 days always; for a refusal
    reconsideration must come first (Art. 23(四), second paragraph)."""
    require(sender.reconsideration_body, "行政复议机关（网站信息）")
    body = sender.reconsideration_body
    if sender.reconsideration_address:
        body += f"（地址：{sender.reconsideration_address}）"
    court = sender.court_venue or "有管辖权的人民法院"
    if rtype.withholds:
        part = "对本答复中不予公开的部分" if rtype.outcome == "partial" else "对本答复"
        text = (
            f"{part}不服的，可以自知道本答复之日起六十日内向{body}申请行政复议。根据《中华人民共和国行政复议法》"
            f"第二十三条第一款第（四）项和第二款的规定，对行政机关不予公开政府信息不服的，应当先向行政复议机关申请"
            f"行政复议，对行政复议决定不服的，可以再依法向人民法院提起行政诉讼。"
        )
        if rtype.outcome == "partial":
            text += (
                f"对本答复中予以公开的部分不服的，可以自知道本答复之日起六十日内向{body}申请行政复议，"
                f"也可以自知道本答复之日起六个月内向{court}提起行政诉讼。"
            )
        return text
    return (
        f"如对本答复不服，可以自知道本答复之日起六十日内向{body}申请行政复议，"
        f"也可以自知道本答复之日起六个月内向{court}提起行政诉讼。"
    )


def _f(fields: dict, key: str, label: str) -> str:
    value = fields.get(key)
    require(value, label, key)
    return tidy(value) if isinstance(value, str) else value


def reply_body(rtype: ReplyType, fields: dict, history: dict, sender: Sender) -> list[str]:
    """The decision paragraphs of one reply type, each with its own legal basis."""
    from .kinds import FIELD_LABELS as L

    def f(key):
        return _f(fields, key, L.get(key, key))

    style = sender.date_style
    code = rtype.code
    if code == "already_public":
        item = f("item")
        require(item.get("title"), L["item"], "item")
        require(item.get("url"), "信息网址", "item")
        index = f"，索引号为{item['index_number']}" if item.get("index_number") else ""
        return [
            f"经审查，您申请获取的政府信息本机关已经主动公开。根据{LAW}第三十六条第（一）项的规定，现告知您获取该政府信息"
            f"的方式和途径：该信息以“{item['title']}”为题在本机关政府信息公开平台公开{index}，网址为{item['url']}，"
            f"您可以登录查阅、下载。"
        ]
    if code == "disclosed":
        return [
            f"经审查，您申请获取的政府信息属于可以公开的政府信息。根据{LAW}第三十六条第（二）项的规定，本机关决定予以公开。"
            f"提供的方式、时间和载体形式如下：{sentence(f('provision'))}"
        ]
    if code == "partial":
        parts = fields.get("parts") or []
        require(parts, L["parts"], "parts")
        out = [
            f"经审查，您申请获取的政府信息中部分内容不应当公开，且能够作区分处理。根据{LAW}第三十七条和第三十六条第（二）项、"
            f"第（三）项的规定，本机关对可以公开的部分予以提供，对不应当公开的部分不予公开。",
            f"予以提供的部分及其提供的方式、时间和载体形式：{sentence(f('provision'))}",
        ]
        for i, part in enumerate(parts, start=1):
            n = ordinal(i)
            require(part.get("part"), f"不予公开的部分{n}：内容", f"parts.{i}.part")
            ground = part.get("ground")
            require(ground if ground in GROUNDS else "", f"不予公开的部分{n}：依据", f"parts.{i}.ground")
            require(part.get("reasons"), f"不予公开的部分{n}：理由", f"parts.{i}.reasons")
            article, what = GROUNDS[ground]
            out.append(
                f"不予公开的部分{n}：{sentence(part['part'])}该部分内容{what}，依据{LAW}{article}的规定不予公开。"
                f"理由：{sentence(part['reasons'])}"
            )
        return out
    if code.startswith("withheld."):
        article, what = GROUNDS[code.split(".", 1)[1]]
        return [
            f"经审查，您申请获取的政府信息{what}。根据{LAW}第三十六条第（三）项和{article}的规定，本机关决定不予公开。"
            f"理由：{sentence(f('reasons'))}"
        ]
    if code == "special_regime":
        law = f("law")
        return [
            f"经审查，您申请获取的信息属于{law}对信息的获取有特别规定的情形。根据{LAW}第三十六条第（七）项的规定，"
            f"请您依照{law}的规定办理，办理渠道：{sentence(f('channel'))}"
        ]
    if code == "not_exist":
        return [
            f"经检索，本机关未制作、获取您申请公开的政府信息，该政府信息不存在。检索情况：{sentence(f('search'))}"
            f"根据{LAW}第三十六条第（四）项的规定，特此告知。"
        ]
    if code == "not_ours":
        contact = (fields.get("responsible_contact") or "").strip()
        contact_text = f"，联系方式：{contact}" if contact else ""
        return [
            f"经审查，您申请公开的政府信息不属于本机关负责公开。理由：{sentence(f('reason'))}根据{LAW}第三十六条第（五）项的规定，"
            f"告知您该政府信息由{f('responsible_body')}负责公开{contact_text}。"
        ]
    if code == "needs_creation":
        return [
            f"经审查，本机关没有您所申请的现成信息，需要对现有政府信息进行加工、分析方能形成。理由：{sentence(f('reason'))}"
            f"根据{LAW}第三十八条的规定，本机关不予提供。"
        ]
    if code == "still_unclear":
        notice = history.get("supplement")
        require(notice, "此前发出的补正告知书（办理记录中没有补正告知）", "history")
        return [
            f"本机关已于{chinese_date(notice['on'], style)}向您发出补正告知书{_numbered(notice)}。经审查，补正后的申请内容仍不明确："
            f"{sentence(f('reason'))}根据{LAW}第三十条的规定，本机关无法按照您的申请提供政府信息。"
        ]
    if code == "petition":
        return [
            f"经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等事项。根据{LAW}第三十九条第一款的规定，本机关不作为"
            f"政府信息公开申请处理。您可以通过以下渠道提出：{sentence(f('channel'))}"
        ]
    if code == "repeat":
        earlier = f("earlier_date")
        earlier_text = (
            chinese_date(date.fromisoformat(earlier), style)
            if isinstance(earlier, str)
            else chinese_date(earlier, style)
        )
        return [
            f"经审查，您此次申请公开的政府信息与您此前提出的申请相同，本机关已于{earlier_text}以{f('earlier_number')}作出答复。"
            f"根据{LAW}第三十六条第（六）项的规定，本机关不再重复处理。"
        ]
    if code == "publication":
        return [
            f"经审查，您要求提供的是公开出版物。根据{LAW}第三十九条第二款的规定，告知您获取途径如下：{sentence(f('where'))}"
        ]
    if code == "excessive":
        asked = history.get("reasons")
        require(asked, "此前要求申请人说明理由的记录（第三十五条）", "history")
        return [
            f"本机关已于{chinese_date(asked['on'], style)}要求您说明申请的理由。经审查，您提出的理由不合理：{sentence(f('reason'))}"
            f"根据{LAW}第三十五条的规定，本机关不予处理。"
        ]
    if code == "confirm_existing":
        return [
            f"经审查，您的申请是要求本机关确认或者重新出具您已经获取的信息：{sentence(f('reason'))}该要求不属于{LAW}第二条"
            f"规定的获取政府信息的申请，本机关不作为政府信息公开申请处理。"
        ]
    if code == "no_supplement":
        notice = history.get("supplement")
        require(notice, "此前发出的补正告知书（办理记录中没有补正告知）", "history")
        return [
            f"本机关已于{chinese_date(notice['on'], style)}向您发出补正告知书{_numbered(notice)}，请您于"
            f"{chinese_date(notice['supplement_by'], style)}前补正。您无正当理由逾期未补正，根据{LAW}第三十条的规定，"
            f"视为您放弃申请，本机关不再处理该政府信息公开申请。"
        ]
    if code == "unpaid_fee":
        notice = history.get("fee")
        require(notice, "此前发出的收费通知书（办理记录中没有未缴费的收费通知）", "history")
        return [
            f"本机关已于{chinese_date(notice['on'], style)}向您发出收费通知书{_numbered(notice)}。您逾期未按照收费通知的要求"
            f"缴纳信息处理费，根据{LAW}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"
            f"视为您放弃申请，本机关不再处理该政府信息公开申请。"
        ]
    if code == "not_government_information":
        return [
            f"经审查，您申请获取的信息不属于{LAW}第二条规定的政府信息。理由：{sentence(f('reason'))}"
            f"本机关不作为政府信息公开申请处理。"
        ]
    raise LetterIncomplete(f"未知的答复类型“{code}”", "reply_type")


def _numbered(notice: dict) -> str:
    return f"（{notice['number']}）" if notice.get("number") else ""


def compose_reply(
    *,
    reply_type: str,
    fields: dict,
    history: dict,
    sender: Sender,
    subject: Subject,
    number: str,
    issued_on: date,
    on_spot: bool = False,
) -> str:
    rtype = REPLY_TYPES.get(reply_type)
    if rtype is None:
        raise LetterIncomplete("请选择答复类型", "reply_type")
    require(subject.applicant_name, "申请人姓名或名称")
    intro = _intro(subject, sender)
    intro += "本机关当场作出答复如下。" if on_spot else "现答复如下。"
    body = [intro, *reply_body(rtype, fields, history, sender)]
    return _frame(
        title="政府信息公开申请答复书",
        number=number,
        addressee_line=f"申请人：{subject.applicant_name}",
        body=body,
        sender=sender,
        issued_on=issued_on,
        relief=relief_paragraph(rtype, sender),
    )


def compose_supplement_notice(
    *, what: str, supplement_by: date | None, sender: Sender, subject: Subject, number: str, issued_on: date
) -> str:
    """Art. 30: what to supplement and by when, stated once."""
    require(what, "需要补正的事项", "text")
    require(supplement_by, "补正期限", "supplement_by")
    body = [
        _intro(subject, sender)
        + "经审查，您的申请内容不够明确。根据"
        + LAW
        + "第三十条的规定，请您对申请作出如下补正："
        + sentence(what),
        f"请您于{chinese_date(supplement_by, sender.date_style)}前向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起"
        "计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _frame(
        title="政府信息公开申请补正告知书",
        number=number,
        addressee_line=f"申请人：{subject.applicant_name}",
        body=body,
        sender=sender,
        issued_on=issued_on,
    )


def compose_consultation_letter(
    *,
    kind: str,
    party: str,
    information: str,
    answer_by: date,
    sender: Sender,
    subject: Subject,
    number: str,
    issued_on: date,
) -> str:
    """Art. 32 (third party: reasons for an objection, 15 working days, never the applicant's
    name) or Art. 34 (another agency: silence counts as consent)."""
    require(party, "被征求意见方名称", "party")
    require(information, "所涉信息的内容", "text")
    style = sender.date_style
    if kind == "agency":
        body = [
            f"本机关收到一件政府信息公开申请（申请编号：{subject.reference}），所申请的政府信息系本机关与贵机关共同制作："
            f"{sentence(information)}",
            f"根据{LAW}第三十四条的规定，现书面征求贵机关意见。请于{chinese_date(answer_by, style)}前（自收到本函之日起"
            "15个工作日内）提出意见。逾期未提出意见的，视为同意公开。",
        ]
        title = "政府信息公开征求意见函"
    else:
        body = [
            f"本机关收到一件政府信息公开申请（申请编号：{subject.reference}），所申请的政府信息可能涉及贵方的商业秘密、个人隐私等"
            f"合法权益：{sentence(information)}",
            f"根据{LAW}第三十二条的规定，现书面征求贵方意见。贵方不同意公开的，请于{chinese_date(answer_by, style)}前（自收到"
            "本函之日起15个工作日内）书面提出，并说明理由。逾期未提出意见的，由本机关依照条例的规定决定。第三方不同意公开且有"
            "合理理由的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府"
            "信息内容和理由书面告知贵方。",
        ]
        title = "政府信息公开征求第三方意见函"
    return _frame(
        title=title, number=number, addressee_line=f"致：{party}", body=body, sender=sender, issued_on=issued_on
    )


def compose_extension_notice(
    *, reason: str, days: int, due_on: date | None, sender: Sender, subject: Subject, number: str, issued_on: date
) -> str:
    """Art. 33: extension approved by the disclosure office head, notified to the applicant."""
    require(clause(reason), "延期理由", "reason")
    require(due_on, "延长后的答复期限", "days")
    style = sender.date_style
    body = [
        _intro(subject, sender)
        + f"因{clause(reason)}，本机关不能在规定期限内作出答复。根据{LAW}第三十三条第二款的规定，"
        f"经政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，延长后的答复期限为{chinese_date(due_on, style)}。",
    ]
    return _frame(
        title="政府信息公开申请延期答复告知书",
        number=number,
        addressee_line=f"申请人：{subject.applicant_name}",
        body=body,
        sender=sender,
        issued_on=issued_on,
    )


FEE_BASIS = "《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"


def fee_band(method: str, count: int) -> str:
    """The band of the 109号 standard that `count` falls into."""
    if method == "per_volume":
        if count <= 30:
            return "30页（含）以下，免费"
        if count <= 100:
            return "31—100页（含）的部分，每页10元"
        if count <= 200:
            return "101—200页（含）的部分，每页20元"
        return "200页以上的部分，每页40元"
    if count <= 10:
        return "同一申请人一个自然月内累计申请10件（含）以下，免费"
    if count <= 30:
        return "同一申请人一个自然月内累计申请11—30件（含）的部分，每件100元"
    low = 31 + 10 * ((count - 31) // 10)
    step = 100 + 100 * ((count - 31) // 10 + 1)
    return (
        f"同一申请人一个自然月内累计申请超过30件的部分，以10件为一档，本件所在档次（第{low}—{low + 9}件）每件{step}元"
    )


def compose_fee_notice(
    *,
    method: str,
    count: int,
    amount_yuan,
    pay_by: date,
    sender: Sender,
    subject: Subject,
    number: str,
    issued_on: date,
) -> str:
    """Art. 42 and 国办函〔2020〕109号: basis, method, count, band, amount, how and when to pay."""
    if method not in ("per_request", "per_volume"):
        raise LetterIncomplete("请选择计费方式（按件或者按量，二者只能选其一）", "method")
    require(count, "计费数量", "count")
    require(amount_yuan, "收费金额", "amount_yuan")
    require(sender.fee_payment_instructions, "缴费方式（网站信息）")
    style = sender.date_style
    method_text = "按件计收" if method == "per_request" else "按量计收"
    count_text = f"本件为您本月提出的第{count}件申请" if method == "per_request" else f"您申请提供的信息共{count}页"
    body = [
        _intro(subject, sender) + f"根据{LAW}第四十二条和{FEE_BASIS}的规定，本机关对本件申请收取信息处理费。",
        f"计费方式：{method_text}。计费数量：{count_text}。适用标准：{fee_band(method, count)}。应缴金额：人民币{amount_yuan}元。",
        f"缴费方式：{sentence(sender.fee_payment_instructions)}",
        f"请您于{chinese_date(pay_by, style)}前（自收到本通知之日起20个工作日内）缴纳。收费通知发出至缴费完成期间不计算在答复期限内；"
        "您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _frame(
        title="政府信息公开信息处理费收费通知书",
        number=number,
        addressee_line=f"申请人：{subject.applicant_name}",
        body=body,
        sender=sender,
        issued_on=issued_on,
    )


def compose_third_party_notice(
    *, party: str, content: str, reasons: str, sender: Sender, subject: Subject, number: str, issued_on: date
) -> str:
    """Art. 32: disclosing over a third party's reasoned objection, the office tells the
    third party in writing what it will disclose and why (never the applicant's name)."""
    require(party, "第三方名称", "party")
    require(content, "决定公开的政府信息内容", "content")
    require(reasons, "决定公开的理由", "reasons")
    body = [
        f"本机关就政府信息公开申请（申请编号：{subject.reference}）所涉信息征求了贵方意见，贵方不同意公开。经审查，本机关认为不公开"
        f"可能对公共利益造成重大影响，根据{LAW}第三十二条的规定，决定予以公开，现将决定公开的政府信息内容和理由告知如下。",
        f"决定公开的政府信息内容：{sentence(content)}",
        f"决定公开的理由：{sentence(reasons)}",
    ]
    return _frame(
        title="政府信息公开第三方告知书",
        number=number,
        addressee_line=f"致：{party}",
        body=body,
        sender=sender,
        issued_on=issued_on,
    )


def correction_preface(*, replaced_number: str, replaced_on: date, reason: str, style: str) -> str:
    require(reason, "更正原因", "reason")
    return (
        f"本文书更正本机关{chinese_date(replaced_on, style)}出具的{replaced_number}，原文书同时作废。更正原因："
        f"{sentence(reason)}"
    )

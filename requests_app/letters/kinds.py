"""The reply types of docs/domain.md §3: each with its legal basis, the annual-report outcome
code it is counted under, and the parts the letter must state. 不存在 and 非本机关 are two
types that share `unavailable.not_held`; 已主动公开 and 予以公开 share `disclosed`."""

from __future__ import annotations

from dataclasses import dataclass, field

# Withheld grounds (Art. 14–16): the article and item cited, and what the letter says the
# information is. Never the annual report's row labels.
GROUNDS: dict[str, tuple[str, str]] = {
    "state_secret": ("第十四条", "依法确定为国家秘密"),
    "law_prohibited": ("第十四条", "系法律、行政法规禁止公开的信息"),
    "three_safety": ("第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    "third_party": ("第十五条", "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
    "internal_affairs": ("第十六条第一款", "系人事管理、后勤管理、内部工作流程等方面的内部事务信息"),
    "process_info": (
        "第十六条第二款",
        "系行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    ),
    "enforcement_file": ("第十六条第二款", "系行政执法案卷信息"),
}
GROUND_CHOICES = [
    ("state_secret", "国家秘密（第十四条）"),
    ("law_prohibited", "法律、行政法规禁止公开（第十四条）"),
    ("three_safety", "危及国家安全、公共安全、经济安全、社会稳定（第十四条）"),
    ("third_party", "商业秘密、个人隐私等第三方合法权益（第十五条）"),
    ("internal_affairs", "内部事务信息（第十六条第一款）"),
    ("process_info", "过程性信息（第十六条第二款）"),
    ("enforcement_file", "行政执法案卷信息（第十六条第二款）"),
]

# Labels of the parts a reply may have to state (used in refusal messages).
FIELD_LABELS = {
    "provision": "提供的方式、时间和载体形式",
    "item": "已主动公开的信息（从已发布信息中选择）",
    "reasons": "不予公开的理由",
    "parts": "不予公开的部分（内容、依据和理由）",
    "search": "检索情况",
    "reason": "理由",
    "responsible_body": "负责公开该信息的机关",
    "responsible_contact": "该机关的联系方式",
    "earlier_number": "此前答复的文书编号",
    "earlier_date": "此前答复的日期",
    "channel": "相应的办理渠道",
    "law": "对信息获取有特别规定的法律、行政法规",
    "where": "获取公开出版物的途径",
    "objection_party": "不同意公开的第三方（决定公开时填写）",
    "objection_content": "决定公开的第三方相关内容",
    "objection_reasons": "决定公开的理由（不公开可能对公共利益造成重大影响）",
}
# Disclosing over a third party's reasoned objection (Art. 32): the reply then also
# issues the written notice to the third party.
OBJECTION_FIELDS = ("objection_party", "objection_content", "objection_reasons")


@dataclass(frozen=True)
class ReplyType:
    code: str
    label: str
    outcome: str
    citations: tuple[str, ...]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    history: str = ""  # "supplement", "supplement_lapsed", "fee_unpaid", "reasons"
    notes: tuple[str, ...] = field(default=())

    @property
    def withholds(self) -> bool:
        return self.outcome == "partial" or self.outcome.startswith("withheld.")

    @property
    def needs_office_review(self) -> bool:
        return self.outcome == "partial"


def _withheld(ground: str, label: str) -> ReplyType:
    article = GROUNDS[ground][0]
    return ReplyType(f"withheld.{ground}", label, f"withheld.{ground}", ("第三十六条第（三）项", article), ("reasons",))


REPLY_TYPES: dict[str, ReplyType] = {
    t.code: t
    for t in [
        ReplyType("already_public", "已主动公开，告知获取途径", "disclosed", ("第三十六条第（一）项",), ("item",)),
        ReplyType(
            "disclosed",
            "予以公开（提供信息）",
            "disclosed",
            ("第三十六条第（二）项",),
            ("provision",),
            OBJECTION_FIELDS,
        ),
        ReplyType(
            "partial",
            "部分公开（区分处理）",
            "partial",
            ("第三十七条", "第三十六条第（二）项、第（三）项"),
            ("provision", "parts"),
            OBJECTION_FIELDS,
        ),
        _withheld("state_secret", "不予公开：国家秘密"),
        _withheld("law_prohibited", "不予公开：法律、行政法规禁止公开"),
        _withheld("three_safety", "不予公开：危及国家安全、公共安全、经济安全、社会稳定"),
        _withheld("third_party", "不予公开：损害第三方合法权益"),
        _withheld("internal_affairs", "不予公开：内部事务信息"),
        _withheld("process_info", "不予公开：过程性信息"),
        _withheld("enforcement_file", "不予公开：行政执法案卷信息"),
        ReplyType(
            "special_regime",
            "法律、行政法规对获取有特别规定（告知依法办理）",
            "withheld.query_matter",
            ("第三十六条第（七）项",),
            ("law", "channel"),
        ),
        ReplyType("not_exist", "信息不存在（经检索）", "unavailable.not_held", ("第三十六条第（四）项",), ("search",)),
        ReplyType(
            "not_ours",
            "不属于本机关负责公开",
            "unavailable.not_held",
            ("第三十六条第（五）项",),
            ("reason", "responsible_body"),
            ("responsible_contact",),
        ),
        ReplyType("needs_creation", "需要另行加工、分析", "unavailable.needs_creation", ("第三十八条",), ("reason",)),
        ReplyType(
            "still_unclear",
            "补正后仍不明确",
            "unavailable.still_unclear",
            ("第三十条",),
            ("reason",),
            history="supplement",
        ),
        ReplyType(
            "petition",
            "信访、投诉、举报（告知相应渠道）",
            "not_processed.petition",
            ("第三十九条第一款",),
            ("channel",),
        ),
        ReplyType(
            "repeat",
            "重复申请相同信息",
            "not_processed.repeat",
            ("第三十六条第（六）项",),
            ("earlier_number", "earlier_date"),
        ),
        ReplyType(
            "publication",
            "要求提供公开出版物（告知获取途径）",
            "not_processed.publication",
            ("第三十九条第二款",),
            ("where",),
        ),
        ReplyType(
            "excessive",
            "无正当理由大量、频繁申请",
            "not_processed.excessive",
            ("第三十五条",),
            ("reason",),
            history="reasons",
        ),
        ReplyType(
            "confirm_existing",
            "要求确认或重新出具已获取的信息",
            "not_processed.confirm_existing",
            ("第二条",),
            ("reason",),
        ),
        ReplyType(
            "no_supplement", "逾期不补正，不再处理", "other.no_supplement", ("第三十条",), history="supplement_lapsed"
        ),
        ReplyType(
            "unpaid_fee", "逾期未缴纳信息处理费，不再处理", "other.unpaid_fee", ("第四十二条",), history="fee_unpaid"
        ),
        ReplyType("not_government_information", "不属于政府信息", "other.other", ("第二条",), ("reason",)),
    ]
}

REPLY_TYPE_CHOICES = [(t.code, t.label) for t in REPLY_TYPES.values()]
WITHHOLDING_OUTCOMES = {t.outcome for t in REPLY_TYPES.values() if t.withholds}

"""Stable codes of docs/domain.md §3 and §5 and docs/cli.md. Never rename a value."""

from django.db import models


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICES = "legal_services", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面申请"
    REGISTERED_MAIL = "registered_mail", "挂号信"
    LETTER = "letter", "平信"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", "待确认收到"
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    IN_CONSULTATION = "in_consultation", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    CLOSED = "closed", "已办结"


class EventType(models.TextChoices):
    RECEIVED = "received", "确认收到"
    ANSWERED_ON_SPOT = "answered_on_spot", "当场答复"
    SUPPLEMENT_REQUESTED = "supplement_requested", "告知补正"
    SUPPLEMENT_RECEIVED = "supplement_received", "收到补正"
    ABANDONED = "abandoned", "视为放弃"
    CONSULTATION_SENT = "consultation_sent", "发出征求意见函"
    CONSULTATION_ANSWERED = "consultation_answered", "收到征求意见答复"
    EXTENDED = "extended", "延期答复"
    FEE_NOTIFIED = "fee_notified", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    REASONS_REQUESTED = "reasons_requested", "要求说明理由"
    REPLIED = "replied", "答复"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class ConsultationKind(models.TextChoices):
    """Art. 32 (a third party: trade secret, privacy) or Art. 34 (another agency that
    co-made the information; silence counts as consent). Both pause the clock alike."""

    THIRD_PARTY = "third_party", "第三方（第三十二条）"
    AGENCY = "agency", "其他机关（第三十四条）"


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号: one method per request, never both."""

    PER_REQUEST = "per_request", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


class Irregularity(models.TextChoices):
    """A step the office took too late (docs/domain.md §3, "The office's own steps must be on
    time"): kept as it happened, moves nothing, listed in the export."""

    LATE_SUPPLEMENT_NOTICE = "late_supplement_notice", "逾期告知补正"
    LATE_EXTENSION = "late_extension", "逾期延期答复"
    LATE_CONSULTATION = "late_consultation", "逾期征求意见"
    LATE_FEE_NOTICE = "late_fee_notice", "逾期发出收费通知"


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开"
    STATE_SECRET = "withheld.state_secret", "（三）1.属于国家秘密"
    LAW_PROHIBITED = "withheld.law_prohibited", "（三）2.其他法律行政法规禁止公开"
    THREE_SAFETY = "withheld.three_safety", "（三）3.危及“三安全一稳定”"
    THIRD_PARTY = "withheld.third_party", "（三）4.保护第三方合法权益"
    INTERNAL_AFFAIRS = "withheld.internal_affairs", "（三）5.属于三类内部事务信息"
    PROCESS_INFO = "withheld.process_info", "（三）6.属于四类过程性信息"
    ENFORCEMENT_FILE = "withheld.enforcement_file", "（三）7.属于行政执法案卷"
    QUERY_MATTER = "withheld.query_matter", "（三）8.属于行政查询事项"
    NOT_HELD = "unavailable.not_held", "（四）1.本机关不掌握相关政府信息"
    NEEDS_CREATION = "unavailable.needs_creation", "（四）2.没有现成信息需要另行制作"
    STILL_UNCLEAR = "unavailable.still_unclear", "（四）3.补正后申请内容仍不明确"
    PETITION = "not_processed.petition", "（五）1.信访举报投诉类申请"
    REPEAT = "not_processed.repeat", "（五）2.重复申请"
    PUBLICATION = "not_processed.publication", "（五）3.要求提供公开出版物"
    EXCESSIVE = "not_processed.excessive", "（五）4.无正当理由大量反复申请"
    CONFIRM_EXISTING = "not_processed.confirm_existing", "（五）5.要求行政机关确认或重新出具已获取信息"
    NO_SUPPLEMENT = "other.no_supplement", "（六）1.申请人无正当理由逾期不补正"
    UNPAID_FEE = "other.unpaid_fee", "（六）2.申请人逾期未按收费通知要求缴纳费用"
    OTHER = "other.other", "（六）3.其他"


class ReviewResult(models.TextChoices):
    """Result of a reconsideration or a lawsuit (table 四)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"

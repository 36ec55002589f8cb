"""Forms: the public request form (Art. 29), the status lookup and the staff actions."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from .choices import ApplicantType, Channel, ConsultationKind, FeeMethod, Outcome, ReviewResult

ID_TYPES = [
    ("居民身份证", "居民身份证"),
    ("护照", "护照"),
    ("港澳居民来往内地通行证", "港澳居民来往内地通行证"),
    ("台湾居民来往大陆通行证", "台湾居民来往大陆通行证"),
    ("外国人永久居留身份证", "外国人永久居留身份证"),
    ("其他有效身份证件", "其他有效身份证件"),
]
MEDIA = [("paper", "纸质"), ("electronic", "电子数据")]
DELIVERY = [("post", "邮寄"), ("email", "电子邮件"), ("collect", "自行领取"), ("inspect", "当场阅读、抄录")]
MEDIUM_LABELS = dict(MEDIA)
DELIVERY_LABELS = dict(DELIVERY)

MAX_FILES = 3
MAX_FILE_BYTES = 5 * 1024 * 1024
MAGIC = [
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
]
ID_CARD_RE = re.compile(r"^\d{17}[\dXx]$")
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
PHONE_RE = re.compile(r"^[\d\-+() ]{7,20}$")


def sniff(upload) -> str | None:
    """The content type by the file's first bytes, or None when not an allowed type."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, _ in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items if d]


def clean_documents(files) -> list[tuple]:
    """[(upload, content type)] for allowed files checked by content; raises ValidationError."""
    if len(files) > MAX_FILES:
        raise forms.ValidationError(f"最多上传 {MAX_FILES} 个附件")
    out = []
    for f in files:
        if f.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"附件“{f.name}”超过 5MB")
        if f.size == 0:
            raise forms.ValidationError(f"附件“{f.name}”是空文件")
        content_type = sniff(f)
        if content_type is None:
            raise forms.ValidationError(f"附件“{f.name}”不是 PDF、JPEG 或 PNG 文件（按文件内容判断）")
        out.append((f, content_type))
    return out


class RequestForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantType.choices,
        initial=ApplicantType.NATURAL_PERSON,
        widget=forms.RadioSelect,
        help_text="公民个人选“自然人”；法人或者其他组织按性质选择",
    )
    applicant_name = forms.CharField(
        label="姓名或者名称", max_length=200, error_messages={"required": "请填写姓名或者名称"}
    )
    id_type = forms.ChoiceField(label="身份证件名称（自然人）", choices=[("", "请选择")] + ID_TYPES, required=False)
    id_number = forms.CharField(
        label="身份证件号码或统一社会信用代码",
        max_length=50,
        required=False,
        help_text="自然人填写身份证件号码；法人或者其他组织填写18位统一社会信用代码",
    )
    legal_representative = forms.CharField(
        label="法定代表人或者负责人（法人或者其他组织）", max_length=100, required=False
    )
    contact_person = forms.CharField(label="联系人（法人或者其他组织）", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, error_messages={"required": "请填写联系电话"})
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收申请编号、查询码和办理通知")
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请描述所需政府信息"},
    )
    purpose = forms.CharField(
        label="用途说明（选填）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    medium = forms.ChoiceField(
        label="信息的指定提供载体形式", choices=MEDIA, widget=forms.RadioSelect, initial="electronic"
    )
    delivery = forms.ChoiceField(label="获取信息的方式", choices=DELIVERY, widget=forms.RadioSelect, initial="email")
    attachments = MultipleFileField(
        label="身份证明材料（选填）", required=False, help_text="PDF、JPEG 或 PNG，最多 3 个，每个不超过 5MB"
    )
    # Abuse controls (see views.request_new). The honeypot is hidden from people.
    homepage = forms.CharField(label="请勿填写此项", required=False)
    ts = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(label="验证问题", max_length=10, required=False)

    def clean_applicant_name(self):
        return self.cleaned_data["applicant_name"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise forms.ValidationError("请填写有效的联系电话（数字，可含区号和短横线）")
        return phone

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        if code and not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("邮政编码应为6位数字")
        return code

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 5:
            raise forms.ValidationError("请具体描述所需政府信息（至少5个字）")
        return text

    def clean_attachments(self):
        return clean_documents(self.cleaned_data.get("attachments") or [])

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        number = (data.get("id_number") or "").strip().upper()
        data["id_number"] = number
        if kind == ApplicantType.NATURAL_PERSON:
            if not data.get("id_type"):
                self.add_error("id_type", "请选择身份证件名称")
            if not number:
                self.add_error("id_number", "请填写身份证件号码")
            elif data.get("id_type") == "居民身份证" and not ID_CARD_RE.match(number):
                self.add_error("id_number", "居民身份证号码应为18位（最后一位可为X）")
        elif kind:
            data["id_type"] = "统一社会信用代码"
            if not number:
                self.add_error("id_number", "请填写统一社会信用代码")
            elif not CREDIT_CODE_RE.match(number):
                self.add_error("id_number", "统一社会信用代码应为18位数字或大写字母")
            if not (data.get("legal_representative") or "").strip():
                self.add_error("legal_representative", "请填写法定代表人或者负责人")
        if data.get("delivery") == "post" and not (data.get("address") or "").strip():
            self.add_error("address", "选择邮寄的，请填写通信地址")
        if data.get("delivery") == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择电子邮件获取的，请填写电子邮箱")
        data["medium"] = MEDIUM_LABELS.get(data.get("medium"), "")
        data["delivery"] = DELIVERY_LABELS.get(data.get("delivery"), "")
        return data


class StatusLookupForm(forms.Form):
    reference = forms.CharField(label="申请编号", max_length=20, help_text="例如 2026-00001")
    code = forms.CharField(label="查询码", max_length=20)


# --- staff -----------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str = "日期", **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate, **kwargs)


class RegisterForm(RequestForm):
    channel = forms.ChoiceField(label="申请方式", choices=[(c.value, c.label) for c in Channel if c != Channel.ONLINE])
    submitted_on = date_field("提交日期（信件为到达日期）")
    received_on = date_field(
        "收到申请日期（第三十一条）",
        required=False,
        help_text="当面：提交当日；挂号信：签收当日；平信、传真：与申请人确认之日，未确认则留空",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("homepage", "ts", "captcha_token", "captcha_answer"):
            del self.fields[name]
        self.fields["email"].required = False


class ConfirmReceiptForm(forms.Form):
    on = date_field("确认收到日期")


class OnSpotForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices)
    note = forms.CharField(label="答复情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SupplementRequestForm(forms.Form):
    on = date_field("告知补正日期")
    supplement_by = forms.DateField(label="补正期限", widget=DateInput())
    text = forms.CharField(label="需要补正的事项（补正告知书正文）", widget=forms.Textarea(attrs={"rows": 4}))


class DateNoteForm(forms.Form):
    on = date_field()
    note = forms.CharField(label="备注", required=False, max_length=500)


class ConsultationForm(forms.Form):
    on = date_field("发函日期")
    kind = forms.TypedChoiceField(
        label="征求意见类型",
        choices=ConsultationKind.choices,
        required=False,
        initial=ConsultationKind.THIRD_PARTY,
        empty_value=ConsultationKind.THIRD_PARTY.value,
        help_text="第三方：商业秘密、个人隐私（第三十二条）；其他机关：共同制作该信息的机关，"
        "逾期未提出意见视为同意公开（第三十四条）",
    )
    party = forms.CharField(label="被征求意见方", max_length=200)
    text = forms.CharField(label="征求意见函正文", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ExtendForm(forms.Form):
    on = date_field("批准延期日期")
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由（延期答复告知书）", widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    on = date_field("答复日期")
    outcome = forms.ChoiceField(label="办理结果（年度报告分类）", choices=Outcome.choices)
    letter = forms.CharField(label="答复书正文（政府信息公开申请答复书）", widget=forms.Textarea(attrs={"rows": 8}))
    documents = MultipleFileField(
        label="随答复提供的材料（选填）", required=False, help_text="PDF、JPEG 或 PNG，最多 3 个，每个不超过 5MB"
    )

    def clean_documents(self):
        return clean_documents(self.cleaned_data.get("documents") or [])


class DateOnlyForm(forms.Form):
    on = date_field()


class FeeNoticeForm(forms.Form):
    on = date_field("收费通知日期")
    method = forms.ChoiceField(
        label="收费方式",
        choices=FeeMethod.choices,
        initial=FeeMethod.PER_REQUEST,
        help_text="同一申请只能选择一种方式（国办函〔2020〕109号）",
    )
    count = forms.IntegerField(
        label="计费数量",
        required=False,
        min_value=1,
        max_value=100000,
        help_text="按件：申请人本月第几件申请（留空由系统按本月申请件数计算）；按量：页数",
    )


class ReasonsForm(forms.Form):
    on = date_field("要求说明理由日期")
    text = forms.CharField(label="要求申请人说明理由的内容（第三十五条）", widget=forms.Textarea(attrs={"rows": 3}))


class ReconsiderationForm(forms.Form):
    on = date_field("复议申请日期")
    result = forms.ChoiceField(label="结果", choices=ReviewResult.choices)


class LitigationForm(forms.Form):
    on = date_field("起诉日期")
    after_reconsideration = forms.TypedChoiceField(
        label="起诉方式", choices=[("0", "未经复议直接起诉"), ("1", "复议后起诉")], coerce=lambda v: v == "1"
    )
    result = forms.ChoiceField(label="结果", choices=ReviewResult.choices)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=None)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class QueueFilterForm(forms.Form):
    PER_PAGE = (20, 50, 100, 200)

    q = forms.CharField(label="查找", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label="状态", required=False)
    handler = forms.ChoiceField(label="承办人", required=False)
    channel = forms.ChoiceField(label="申请方式", required=False, choices=[("", "全部")] + list(Channel.choices))
    year = forms.TypedChoiceField(
        label="年份", required=False, coerce=int, empty_value=None, help_text="提交或收到申请的年份"
    )
    per_page = forms.TypedChoiceField(
        label="每页", required=False, coerce=int, empty_value=50, choices=[(n, f"{n} 件") for n in PER_PAGE], initial=50
    )
    sort = forms.ChoiceField(label="排序", required=False)

    # The queue's columns, in order: sort key (selectors.QUEUE_SORTS) and header.
    COLUMNS = [
        ("reference", "申请编号"),
        ("applicant", "申请人"),
        ("channel", "申请方式"),
        ("submitted", "提交日期"),
        ("received", "收到日期"),
        ("status", "状态"),
        ("due", "答复期限"),
        ("handler", "承办人"),
    ]

    def __init__(self, *args, handlers=(), years=(), identity_search=False, **kwargs):
        from .choices import Status

        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = (
            "申请编号、申请人姓名或联系电话"
            if identity_search
            else "申请编号或申请人姓名（联系电话仅限本人承办的申请）"
        )
        self.fields["status"].choices = [("", "全部未办结"), ("all", "全部")] + list(Status.choices)
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in years]
        self.fields["handler"].choices = [("", "全部"), ("none", "未分派")] + [(str(u.pk), str(u)) for u in handlers]
        self.fields["sort"].choices = [("", "紧急程度（未办结的在前）")] + [
            choice
            for key, label in self.COLUMNS
            for choice in ((key, f"{label}（升序）"), (f"-{key}", f"{label}（降序）"))
        ]

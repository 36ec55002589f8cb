"""Written decisions: one letter per reply type with its own basis and required parts,
the 2023 relief rules, numbered frozen letters, and the sign-off of refusals."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.models import AuditEvent, SiteProfile
from requests_app import services
from requests_app.choices import Outcome
from requests_app.letters import services as letters
from requests_app.letters.compose import LetterIncomplete, chinese_date
from requests_app.letters.kinds import REPLY_TYPES
from requests_app.letters.models import Letter, ReplyApproval, ReplyDraft

from .factories import in_person
from .letters_helpers import FIELDS, D, annual_labels, configured_profile, outsider, people

pytestmark = pytest.mark.django_db

RECONSIDER_FIRST = "应当先向行政复议机关申请行政复议"
EITHER = "也可以自知道本答复之日起六个月内向示例市中级人民法院提起行政诉讼"


@pytest.fixture
def staff():
    configured_profile()
    return people()


def _prepare_history(reply_type, req, clerk):
    if reply_type in ("still_unclear", "no_supplement"):
        services.request_supplement(
            request=req,
            actor=clerk,
            on=D("2026-03-03"),
            supplement_by=D("2026-03-10"),
            text="请写明所需文件的名称和年份",
        )
        services.record_supplement(
            request=req, actor=clerk, on=D("2026-03-09")
        ) if reply_type == "still_unclear" else None
    if reply_type == "excessive":
        services.request_reasons(request=req, actor=clerk, on=D("2026-03-03"), text="请说明申请四十件同类信息的理由")
    if reply_type == "unpaid_fee":
        # The 11th request of the month is the first one charged.
        for _ in range(10):
            in_person(clerk, D("2026-03-02"))
        req = in_person(clerk, D("2026-03-02"))
        services.notify_fee(request=req, actor=clerk, on=D("2026-03-03"))
    return req


ISSUE_ON = D("2026-03-20")


def _issue(reply_type, staff, fields=None, on=ISSUE_ON):
    clerk, boss, office = staff
    req = _prepare_history(reply_type, in_person(clerk, D("2026-03-02")), clerk)
    if fields is None:
        fields = dict(FIELDS.get(reply_type, {}))
        if reply_type == "already_public":
            from tests.disclosure.factories import published as published_item

            fields["item"] = published_item(title="示例省监狱管理局2026年部门预算").pk
    draft = letters.draft_reply(request=req, actor=clerk, reply_type=reply_type, fields=fields, on=on)
    if REPLY_TYPES[reply_type].withholds:
        letters.approve_reply(draft=draft, actor=boss, role="head")
    if REPLY_TYPES[reply_type].needs_office_review:
        letters.approve_reply(draft=draft, actor=office, role="office")
    return req, letters.issue_reply(draft=draft, actor=clerk, on=on)


def test_every_outcome_code_has_a_reply_type():
    assert {t.outcome for t in REPLY_TYPES.values()} == set(Outcome.values)


@pytest.mark.parametrize("reply_type", sorted(REPLY_TYPES))
def test_each_reply_type_cites_its_basis_relief_body_and_number(reply_type, staff):
    req, letter = _issue(reply_type, staff)
    text = letter.text
    rtype = REPLY_TYPES[reply_type]
    for citation in rtype.citations:
        assert citation in text, (reply_type, citation)
    assert letter.outcome == rtype.outcome and req.letters.filter(kind="reply").get() == letter
    assert letter.number == f"示狱公开〔2026〕{letter.serial}号" and letter.number in text
    assert "示例省人民政府" in text and "六十日" in text
    if rtype.withholds:
        assert RECONSIDER_FIRST in text and "第二十三条第一款第（四）项和第二款" in text
    else:
        assert RECONSIDER_FIRST not in text and EITHER in text
    for label in annual_labels():
        assert label not in text, (reply_type, label)
    assert "：\n" not in text and not text.rstrip().endswith("：") and "因，" not in text
    assert "二〇二六年三月二十日" in text and "联系人：" in text and "联系电话：0431-00000000" in text
    assert req.description in text
    assert letter.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    req.refresh_from_db()
    assert (req.status, req.outcome) == ("closed", rtype.outcome)


@pytest.mark.parametrize("reply_type", [t for t in sorted(REPLY_TYPES) if REPLY_TYPES[t].required])
def test_a_missing_required_part_is_refused_in_chinese(reply_type, staff):
    clerk = staff[0]
    req = _prepare_history(reply_type, in_person(clerk, D("2026-03-02")), clerk)
    rtype = REPLY_TYPES[reply_type]
    for missing in rtype.required:
        fields = {k: v for k, v in FIELDS.get(reply_type, {}).items() if k != missing}
        with pytest.raises(LetterIncomplete) as exc:
            letters.draft_reply(request=req, actor=clerk, reply_type=reply_type, fields=fields, on=D("2026-03-20"))
        assert exc.value.message.startswith("请") and "必备内容" in exc.value.message or "选择" in exc.value.message
    assert not Letter.objects.filter(kind="reply").exists()


def test_partial_part_without_reasons_is_named(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    fields = {
        "provision": "电子邮件",
        "parts": [
            {"part": "账号", "ground": "third_party", "reasons": "商业秘密"},
            {"part": "签批意见", "ground": "process_info", "reasons": ""},
        ],
    }
    with pytest.raises(LetterIncomplete, match="不予公开的部分二：理由"):
        letters.draft_reply(request=req, actor=clerk, reply_type="partial", fields=fields, on=D("2026-03-20"))


def test_partial_letter_states_each_withheld_part_with_its_ground(staff):
    _, letter = _issue("partial", staff)
    assert "不予公开的部分一：表中第三方供应商的银行账号。" in letter.text and "第十五条" in letter.text
    assert "不予公开的部分二：内部审批签批意见。" in letter.text and "第十六条第二款" in letter.text
    assert "对本答复中予以公开的部分不服的" in letter.text


def test_not_exist_and_not_ours_are_distinct_letters_with_one_code(staff):
    _, a = _issue("not_exist", staff)
    _, b = _issue("not_ours", staff)
    assert a.outcome == b.outcome == "unavailable.not_held"
    assert "第三十六条第（四）项" in a.text and "检索情况" in a.text and "第三十六条第（五）项" not in a.text
    assert "第三十六条第（五）项" in b.text and "示例市司法局" in b.text and "0431-11111111" in b.text


def test_already_public_letter_quotes_item_title_index_and_url(staff, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    _, letter = _issue("already_public", staff)
    from disclosure.models import DisclosureItem

    item = DisclosureItem.objects.get(title="示例省监狱管理局2026年部门预算")
    assert item.index_number in letter.text and f"https://gk.example.gov.cn{item.get_absolute_url()}" in letter.text


def test_reply_without_relief_body_is_refused(staff):
    SiteProfile.objects.filter(pk=1).update(reconsideration_body="")
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    with pytest.raises(LetterIncomplete, match="行政复议机关"):
        letters.draft_reply(
            request=req, actor=clerk, reply_type="disclosed", fields=FIELDS["disclosed"], on=D("2026-03-20")
        )


def test_numbers_are_gap_free_per_year_and_arabic_date_style(staff):
    SiteProfile.objects.filter(pk=1).update(letter_date_style="arabic")
    _, a = _issue("disclosed", staff)
    _, b = _issue("not_exist", staff)
    assert (a.serial, b.serial) == (1, 2) and b.number == "示狱公开〔2026〕2号"
    assert "2026年3月20日" in b.text


def test_chinese_dates():
    assert chinese_date(D("2026-03-20")) == "二〇二六年三月二十日"
    assert chinese_date(D("2026-11-01")) == "二〇二六年十一月一日"
    assert chinese_date(D("2026-12-31")) == "二〇二六年十二月三十一日"
    assert chinese_date(D("2026-03-20"), "arabic") == "2026年3月20日"


# --- freezing -------------------------------------------------------------------------------


def _export(reference=None) -> str:
    out = io.StringIO()
    args = ["export_letters", "--format", "json"] + (["--reference", reference] if reference else [])
    call_command(*args, stdout=out)
    return out.getvalue()


def _article(page: bytes) -> bytes:
    """The printed letter itself (the page around it carries a per-request CSRF token)."""
    start = page.index(b'<article class="letter"')
    return page[start : page.index(b"</article>", start)]


def test_issued_letters_are_frozen_against_later_changes(staff, client):
    clerk = staff[0]
    req, letter = _issue("withheld.third_party", staff)
    before_export = _export()
    client.force_login(clerk)
    before_print = _article(client.get(f"/staff/requests/{req.pk}/letters/{letter.pk}/").content)
    # Change the profile (name, relief body, number pattern, date style), the request and the template setting.
    SiteProfile.objects.filter(pk=1).update(
        org_name="改名后的机关",
        reconsideration_body="另一个复议机关",
        letter_number_pattern="改〔{year}〕{n}号",
        letter_date_style="arabic",
        office_phone="999",
    )
    type(req).objects.filter(pk=req.pk).update(applicant_name="李四", description="改过的申请内容")
    assert _article(client.get(f"/staff/requests/{req.pk}/letters/{letter.pk}/").content) == before_print
    text = client.get(f"/staff/requests/{req.pk}/letters/{letter.pk}/text/")
    assert text.content == letter.text.encode("utf-8") and text["X-Content-SHA256"] == letter.sha256
    assert letter.number.encode() in before_print and "示例省人民政府".encode() in before_print
    after = _export()
    assert after == before_export
    row = json.loads(after)[0]
    assert row["sha256"] == hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
    assert "改名后的机关" not in row["text"] and "示例省监狱管理局" in row["text"]
    with pytest.raises(ValueError):
        letter.text = "x"
        letter.save()


def test_export_letters_matches_the_contract(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    services.request_supplement(
        request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text="请写明所需文件的名称"
    )
    rows = json.loads(_export(req.reference))
    assert [set(r) for r in rows] == [{"reference", "kind", "number", "issued_on", "outcome", "text", "sha256"}]
    assert rows[0]["kind"] == "supplement_notice" and rows[0]["outcome"] is None
    assert rows[0]["issued_on"] == "2026-03-03" and rows[0]["reference"] == req.reference
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="9999-00000"):
        _export("9999-00000")


def test_export_letters_refuses_an_unknown_format(staff):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_letters", "--format", "csv", stdout=io.StringIO())


def test_correction_is_a_new_letter_citing_the_old(staff):
    clerk = staff[0]
    req, letter = _issue("not_exist", staff)
    SiteProfile.objects.filter(pk=1).update(office_phone="0431-22222222")
    new = letters.correct_letter(letter=letter, actor=clerk, on=D("2026-03-23"), reason="联系电话有误")
    assert new.replaces == letter and new.number != letter.number
    assert f"本文书更正本机关二〇二六年三月二十日出具的{letter.number}" in new.text and "0431-22222222" in new.text
    letter.refresh_from_db()
    assert "0431-22222222" not in letter.text
    with pytest.raises(LetterIncomplete):
        letters.correct_letter(letter=letter, actor=clerk, on=D("2026-03-24"), reason="再改")


# --- sign-off -------------------------------------------------------------------------------


def test_handler_alone_cannot_issue_a_withheld_reply(staff):
    clerk, boss, _ = staff
    req = in_person(clerk, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req,
        actor=clerk,
        reply_type="withheld.process_info",
        fields=FIELDS["withheld.process_info"],
        on=D("2026-03-20"),
    )
    assert draft.state == "awaiting_signoff"
    with pytest.raises(PermissionDenied, match="负责人审批"):
        letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    with pytest.raises(services.InvalidHistory, match="须经负责人审批"):
        services.reply_request(
            request=req, actor=clerk, on=D("2026-03-20"), outcome="withheld.process_info", letter="x"
        )
    with pytest.raises(services.InvalidHistory, match="须经负责人审批"):
        services.answer_on_spot(request=req, actor=clerk, outcome="partial")
    assert not Letter.objects.exists()
    req.refresh_from_db()
    assert req.status == "in_progress"


def test_same_person_cannot_draft_and_approve(staff):
    clerk, boss, office = staff
    req = in_person(boss, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req,
        actor=boss,
        reply_type="withheld.state_secret",
        fields=FIELDS["withheld.state_secret"],
        on=D("2026-03-20"),
    )
    with pytest.raises(PermissionDenied, match="拟稿人不能审批"):
        letters.approve_reply(draft=draft, actor=boss, role="head")
    with pytest.raises(PermissionDenied):
        letters.approve_reply(draft=draft, actor=clerk, role="head")
    with pytest.raises(LetterIncomplete):
        letters.approve_reply(draft=draft, actor=office, role="office")  # no Office review for a full refusal
    assert not ReplyApproval.objects.exists()


def test_partial_needs_head_and_office_and_each_is_recorded_and_audited(staff):
    clerk, boss, office = staff
    req = in_person(clerk, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req, actor=clerk, reply_type="partial", fields=FIELDS["partial"], on=D("2026-03-20")
    )
    with pytest.raises(PermissionDenied):
        letters.approve_reply(draft=draft, actor=outsider(), role="office")
    letters.approve_reply(draft=draft, actor=boss, role="head")
    draft.refresh_from_db()
    assert draft.state == "awaiting_signoff"
    with pytest.raises(PermissionDenied, match="办公室保密审查"):
        letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    letters.approve_reply(draft=draft, actor=office, role="office", comment="予以公开部分不涉密")
    draft.refresh_from_db()
    assert draft.state == "ready"
    rows = list(draft.approvals.values_list("role", "approver__username", "draft_hash"))
    assert rows == [("head", "boss", draft.content_hash), ("office", "office_clearer", draft.content_hash)]
    actions = set(AuditEvent.objects.filter(target_id=str(req.pk)).values_list("action", flat=True))
    assert {
        "requests.reply_draft.created",
        "requests.reply_draft.approved.head",
        "requests.reply_draft.approved.office",
    } <= actions
    head_audit = AuditEvent.objects.get(action="requests.reply_draft.approved.head")
    assert head_audit.actor == boss and head_audit.data["draft"] == draft.pk
    letter = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    assert AuditEvent.objects.filter(action="requests.letter.issued.reply", data__number=letter.number).exists()


def test_a_new_draft_voids_the_earlier_one_and_its_approvals(staff):
    clerk, boss, _ = staff
    req = in_person(clerk, D("2026-03-02"))
    first = letters.draft_reply(
        request=req,
        actor=clerk,
        reply_type="withheld.state_secret",
        fields=FIELDS["withheld.state_secret"],
        on=D("2026-03-20"),
    )
    letters.approve_reply(draft=first, actor=boss, role="head")
    second = letters.draft_reply(
        request=req,
        actor=clerk,
        reply_type="withheld.state_secret",
        fields={"reasons": "改写后的理由"},
        on=D("2026-03-20"),
    )
    first.refresh_from_db()
    assert first.state == "withdrawn" and second.state == "awaiting_signoff"
    with pytest.raises(LetterIncomplete):
        letters.issue_reply(draft=first, actor=clerk, on=D("2026-03-20"))
    with pytest.raises(PermissionDenied):
        letters.issue_reply(draft=second, actor=clerk, on=D("2026-03-20"))


def test_on_the_spot_withholding_still_gets_a_written_letter(staff):
    clerk, boss, _ = staff
    req = in_person(clerk, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req,
        actor=clerk,
        reply_type="withheld.internal_affairs",
        fields=FIELDS["withheld.internal_affairs"],
        on=D("2026-03-02"),
        on_spot=True,
    )
    letters.approve_reply(draft=draft, actor=boss, role="head")
    letter = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-02"))
    assert "当场作出答复" in letter.text and "第十六条第一款" in letter.text
    assert req.events.filter(type="answered_on_spot").get().letters.get() == letter


def test_reply_email_carries_the_letter_text(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, letter = _issue("not_exist", staff)
    assert letter.text in mail.outbox[-1].body and letter.number in mail.outbox[-1].subject


# --- notices ----------------------------------------------------------------------------------


def test_supplement_and_extension_notices_have_no_holes(staff):
    clerk, boss, _ = staff
    req = in_person(clerk, D("2026-03-02"))
    with pytest.raises(services.InvalidHistory, match="需要补正的事项"):
        services.request_supplement(
            request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text=" "
        )
    services.request_supplement(
        request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text="请写明所需文件的名称"
    )
    notice = req.letters.get(kind="supplement_notice")
    assert "请您对申请作出如下补正：请写明所需文件的名称。" in notice.text and "二〇二六年三月十七日" in notice.text
    assert "2026-03-17" not in notice.text
    services.record_supplement(request=req, actor=clerk, on=D("2026-03-05"))
    with pytest.raises(services.InvalidHistory, match="延期理由"):
        services.extend_deadline(request=req, actor=boss, on=D("2026-03-20"), days=10, reason="。")
    services.extend_deadline(request=req, actor=boss, on=D("2026-03-20"), days=10, reason="需要调取多个监狱的档案")
    req.refresh_from_db()
    ext = req.letters.get(kind="extension_notice")
    assert "因需要调取多个监狱的档案，本机关不能在规定期限内作出答复" in ext.text
    assert chinese_date(req.due_on) in ext.text and "因，" not in ext.text


def test_third_party_consultation_letter_never_names_the_applicant(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    services.send_consultation(
        request=req,
        actor=clerk,
        on=D("2026-03-03"),
        party="示例市恒达商贸有限公司",
        text="贵公司与监狱签订的2025年劳务合同金额",
    )
    letter = req.letters.get(kind="consultation_letter")
    assert "第三十二条" in letter.text and "说明理由" in letter.text and "15个工作日" in letter.text
    assert "二〇二六年三月二十四日" in letter.text  # 15 working days after 03-03
    assert req.applicant_name not in letter.text and req.id_number not in letter.text
    assert letter.to_applicant is False and letter.addressee == "示例市恒达商贸有限公司"


def test_fee_notice_states_basis_method_count_band_amount_and_date(staff):
    clerk = staff[0]
    for _ in range(10):
        in_person(clerk, D("2026-03-02"))
    req = in_person(clerk, D("2026-03-02"))
    services.notify_fee(request=req, actor=clerk, on=D("2026-03-03"))
    text = req.letters.get(kind="fee_notice").text
    for part in (
        "国办函〔2020〕109号",
        "按件计收",
        "第11件",
        "每件100元",
        "人民币100元",
        "非税收入缴款系统",
        "二〇二六年三月三十一日",
    ):
        assert part in text, part


def test_third_party_notice_when_disclosing_over_an_objection(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    with pytest.raises(LetterIncomplete, match="没有向第三方征求意见"):
        letters.issue_third_party_notice(
            request=req, actor=clerk, on=D("2026-03-20"), party="某公司", content="合同金额", reasons="涉及公共资金使用"
        )
    services.send_consultation(request=req, actor=clerk, on=D("2026-03-03"), party="某公司", text="合同金额")
    with pytest.raises(LetterIncomplete, match="决定公开的理由"):
        letters.issue_third_party_notice(
            request=req, actor=clerk, on=D("2026-03-20"), party="某公司", content="合同金额", reasons=""
        )
    letter = letters.issue_third_party_notice(
        request=req,
        actor=clerk,
        on=D("2026-03-20"),
        party="某公司",
        content="合同金额",
        reasons="涉及公共资金使用，不公开可能对公共利益造成重大影响",
    )
    assert letter.kind == "third_party_notice" and "第三十二条" in letter.text and req.applicant_name not in letter.text


def test_agency_consultation_letter_says_silence_is_consent():
    from requests_app.letters.compose import Sender, Subject, compose_consultation_letter

    sender = Sender(org_name="示例省监狱管理局", phone="0431-00000000", contact_person="孙经办", date_style="chinese")
    subject = Subject(reference="2026-00017", applicant_name="张三", received_on=D("2026-03-02"), description="x")
    text = compose_consultation_letter(
        kind="agency",
        party="示例省财政厅",
        information="联合印发的经费管理办法",
        answer_by=D("2026-03-24"),
        sender=sender,
        subject=subject,
        number="示狱公开〔2026〕5号",
        issued_on=D("2026-03-03"),
    )
    assert "第三十四条" in text and "逾期未提出意见的，视为同意公开" in text and "张三" not in text
    third = compose_consultation_letter(
        kind="third_party",
        party="某公司",
        information="合同",
        answer_by=D("2026-03-24"),
        sender=sender,
        subject=subject,
        number="示狱公开〔2026〕6号",
        issued_on=D("2026-03-03"),
    )
    assert "视为同意公开" not in third and "说明理由" in third


def test_the_request_is_quoted_in_full_without_a_doubled_full_stop(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"), description="申请公开2025年度罪犯伙食标准。")
    draft = letters.draft_reply(
        request=req, actor=clerk, reply_type="disclosed", fields=FIELDS["disclosed"], on=D("2026-03-20")
    )
    text = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20")).text
    assert "申请内容为：“申请公开2025年度罪犯伙食标准。”现答复如下。" in text and "。”。" not in text
    req2 = in_person(clerk, D("2026-03-02"), description="2025年度罪犯伙食标准")
    services.request_supplement(
        request=req2, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text="写明年份"
    )
    assert "申请内容为：“2025年度罪犯伙食标准”。经审查" in req2.letters.get().text


TEXT = st.text(
    alphabet="申请公开信息理由原因处理档案监狱年月日罪犯行为，、；。0123456789ABC（）“”{}", min_size=1, max_size=40
).filter(lambda t: t.strip("，、；。 "))


@settings(max_examples=60, deadline=None)
@given(
    reply_type=st.sampled_from(sorted(t for t in REPLY_TYPES if not REPLY_TYPES[t].history)),
    text=TEXT,
    style=st.sampled_from(["chinese", "arabic"]),
)
def test_any_complete_reply_has_its_basis_and_no_holes(reply_type, text, style):
    """Pure composition: whatever the handler types in the required parts, the letter cites
    its article and item, names the relief body and has no gap."""
    from requests_app.letters.compose import Sender, Subject, compose_reply
    from requests_app.letters.kinds import GROUNDS

    rtype = REPLY_TYPES[reply_type]
    fields = {}
    for key in rtype.required:
        if key == "item":
            fields[key] = {"title": text, "index_number": "X/2026-00001", "url": "https://gk.example.gov.cn/items/1/"}
        elif key == "parts":
            fields[key] = [{"part": text, "ground": g, "reasons": text} for g in list(GROUNDS)[:2]]
        elif key == "earlier_date":
            fields[key] = "2026-03-02"
        else:
            fields[key] = text
    sender = Sender(
        org_name="示例省监狱管理局",
        phone="0431-00000000",
        contact_person="孙经办",
        date_style=style,
        reconsideration_body="示例省人民政府",
    )
    subject = Subject(reference="2026-00001", applicant_name="张三", received_on=D("2026-03-02"), description=text)
    letter = compose_reply(
        reply_type=reply_type,
        fields=fields,
        history={},
        sender=sender,
        subject=subject,
        number="示狱公开〔2026〕1号",
        issued_on=D("2026-03-20"),
    )
    for citation in rtype.citations:
        assert citation in letter
    assert "示例省人民政府" in letter and "示狱公开〔2026〕1号" in letter and "：\n" not in letter
    assert (RECONSIDER_FIRST in letter) is rtype.withholds


def test_fee_bands_of_both_methods():
    from requests_app.letters.compose import fee_band

    assert "免费" in fee_band("per_request", 10) and "每件100元" in fee_band("per_request", 30)
    assert "第31—40件）每件200元" in fee_band("per_request", 31) and "第41—50件）每件300元" in fee_band(
        "per_request", 45
    )
    assert "免费" in fee_band("per_volume", 30) and "每页10元" in fee_band("per_volume", 100)
    assert "每页20元" in fee_band("per_volume", 101) and "每页40元" in fee_band("per_volume", 201)


def test_per_volume_fee_notice():
    from requests_app.letters.compose import LetterIncomplete, Sender, Subject, compose_fee_notice

    sender = Sender(
        org_name="示例省监狱管理局",
        phone="0431-00000000",
        contact_person="孙经办",
        date_style="arabic",
        fee_payment_instructions="到办公室现场缴纳",
    )
    subject = Subject(reference="2026-00017", applicant_name="张三", received_on=D("2026-03-02"), description="x")
    text = compose_fee_notice(
        method="per_volume",
        count=150,
        amount_yuan="2100",
        pay_by=D("2026-04-01"),
        sender=sender,
        subject=subject,
        number="示狱公开〔2026〕9号",
        issued_on=D("2026-03-04"),
    )
    assert "按量计收" in text and "共150页" in text and "每页20元" in text and "人民币2100元" in text
    assert "2026年4月1日前" in text and "国办函〔2020〕109号" in text
    with pytest.raises(LetterIncomplete, match="计费方式"):
        compose_fee_notice(
            method="both",
            count=150,
            amount_yuan="1",
            pay_by=D("2026-04-01"),
            sender=sender,
            subject=subject,
            number="x",
            issued_on=D("2026-03-04"),
        )


def test_supplement_and_extension_emails_carry_the_frozen_notice(staff, django_capture_on_commit_callbacks):
    clerk, boss, _ = staff
    req = in_person(clerk, D("2026-03-02"))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_supplement(
            request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text="请写明所需文件的名称"
        )
    notice = req.letters.get(kind="supplement_notice")
    assert notice.text in mail.outbox[-1].body and notice.number in mail.outbox[-1].subject
    services.record_supplement(request=req, actor=clerk, on=D("2026-03-05"))
    with django_capture_on_commit_callbacks(execute=True):
        services.extend_deadline(request=req, actor=boss, on=D("2026-03-20"), days=5, reason="需要调取档案")
    ext = req.letters.get(kind="extension_notice")
    assert ext.text in mail.outbox[-1].body and "2026-03-17" not in mail.outbox[-1].body


def test_a_broken_number_pattern_is_refused_and_uses_no_number(staff):
    SiteProfile.objects.filter(pk=1).update(letter_number_pattern="示狱公开〔{year}〕号")
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    draft = letters.draft_reply(
        request=req, actor=clerk, reply_type="disclosed", fields=FIELDS["disclosed"], on=D("2026-03-20")
    )
    with pytest.raises(LetterIncomplete, match="顺序号"):
        letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    SiteProfile.objects.filter(pk=1).update(letter_number_pattern="示狱公开〔{year}〕{n}号{oops}")
    with pytest.raises(LetterIncomplete, match="格式有误"):
        letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    SiteProfile.objects.filter(pk=1).update(letter_number_pattern="示狱公开〔{year}〕{n}号")
    assert letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20")).number == "示狱公开〔2026〕1号"


@pytest.mark.skipif(not django_settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers_and_one_reply_per_request(seeded_calendar):
    from tests.concurrency import errors_of, race

    configured_profile()
    clerk, _, _ = people()
    drafts = []
    for _ in range(4):
        req = in_person(clerk, D("2026-03-02"))
        drafts.append(
            letters.draft_reply(
                request=req, actor=clerk, reply_type="not_exist", fields=FIELDS["not_exist"], on=D("2026-03-20")
            )
        )
    # Two drafts of one request raced as well: only one reply may go out.
    twin = letters.draft_reply(
        request=drafts[0].request, actor=clerk, reply_type="disclosed", fields=FIELDS["disclosed"], on=D("2026-03-20")
    )
    ReplyDraft.objects.filter(pk=drafts[0].pk).update(state="ready")  # as if drafted at the same moment
    calls = [lambda d=d: letters.issue_reply(draft=d, actor=clerk, on=D("2026-03-20")).serial for d in [*drafts, twin]]
    outcome = race(calls)
    assert len(errors_of(outcome)) == 1
    serials = sorted(value for kind, value in outcome if kind == "ok")
    assert serials == [1, 2, 3, 4]
    assert Letter.objects.count() == 4 and drafts[0].request.letters.count() == 1


def test_disclosing_over_an_objection_issues_the_third_party_notice_with_the_reply(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    over = {
        **FIELDS["disclosed"],
        "objection_party": "某公司",
        "objection_content": "合同总金额",
        "objection_reasons": "合同使用财政资金，不公开可能对公共利益造成重大影响",
    }
    with pytest.raises(LetterIncomplete, match="没有向第三方征求意见"):
        letters.draft_reply(request=req, actor=clerk, reply_type="disclosed", fields=over, on=D("2026-03-20"))
    services.send_consultation(request=req, actor=clerk, on=D("2026-03-03"), party="某公司", text="合同总金额")
    services.record_consultation_answer(request=req, actor=clerk, on=D("2026-03-06"), note="不同意，商业秘密")
    with pytest.raises(LetterIncomplete, match="决定公开的理由"):
        letters.draft_reply(
            request=req,
            actor=clerk,
            reply_type="disclosed",
            fields={**over, "objection_reasons": ""},
            on=D("2026-03-20"),
        )
    draft = letters.draft_reply(request=req, actor=clerk, reply_type="disclosed", fields=over, on=D("2026-03-20"))
    reply = letters.issue_reply(draft=draft, actor=clerk, on=D("2026-03-20"))
    notice = req.letters.get(kind="third_party_notice")
    assert notice.addressee == "某公司" and notice.issued_on == reply.issued_on and notice.serial == reply.serial + 1
    assert "合同总金额" in notice.text and req.applicant_name not in notice.text
    assert "某公司" not in reply.text  # the reply does not name the third party


def test_no_letter_before_the_site_profile_is_filled_in():
    from .factories import handler

    clerk = handler("clerk_without_profile")
    req = in_person(clerk, D("2026-03-02"))
    with pytest.raises(services.InvalidHistory, match="网站信息尚未填写"):
        services.request_supplement(
            request=req, actor=clerk, on=D("2026-03-03"), supplement_by=D("2026-03-17"), text="请写明文件名称"
        )
    req.refresh_from_db()
    assert req.status == "in_progress" and not req.events.filter(type="supplement_requested").exists()


def test_agency_consultation_through_the_service(staff):
    clerk = staff[0]
    req = in_person(clerk, D("2026-03-02"))
    services.send_consultation(
        request=req, actor=clerk, on=D("2026-03-03"), party="示例省财政厅", kind="agency", text="联合印发的经费管理办法"
    )
    letter = req.letters.get(kind="consultation_letter")
    assert "第三十四条" in letter.text and "视为同意公开" in letter.text and letter.addressee == "示例省财政厅"
    assert req.applicant_name not in letter.text and not letter.to_applicant


EMPTY_NOTICES = {
    "supplement_notice": lambda c, kw: c.compose_supplement_notice(what="", supplement_by=None, **kw),
    "consultation_letter": lambda c, kw: c.compose_consultation_letter(
        kind="third_party", party="", information="", answer_by=None, **kw
    ),
    "extension_notice": lambda c, kw: c.compose_extension_notice(reason="", days=0, due_on=None, **kw),
    "fee_notice": lambda c, kw: c.compose_fee_notice(method="", count=0, amount_yuan=None, pay_by=None, **kw),
    "third_party_notice": lambda c, kw: c.compose_third_party_notice(party="", content="", reasons="", **kw),
}


@pytest.mark.parametrize("kind", sorted(EMPTY_NOTICES))
def test_every_notice_kind_with_its_parts_empty_is_refused_naming_a_part(kind):
    """Issue 11's "letters without holes" for the notices (the reply types have their own
    parametrised test above): nothing is issued with an empty required part."""
    from requests_app.letters import compose

    kw = {
        "sender": compose.Sender(
            org_name="示例省监狱管理局", phone="0431-00000000", contact_person="张三", date_style="chinese"
        ),
        "subject": compose.Subject(
            reference="2026-00001", applicant_name="李四", received_on=D("2026-03-02"), description="申请公开某文件"
        ),
        "number": "示狱公开〔2026〕1号",
        "issued_on": D("2026-03-03"),
    }
    with pytest.raises(LetterIncomplete) as refused:
        EMPTY_NOTICES[kind](compose, kw)
    assert refused.value.message.startswith(("请填写“", "请选择"))  # names the missing part

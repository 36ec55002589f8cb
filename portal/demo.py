"""Demo kernel data: the bureau of the seed plan (disclosure/demo_data/implementation-plan-2019.txt),
with clearly fictional contacts, its departments and one account per role."""

from django.contrib.auth import get_user_model

from .models import Department, SiteProfile

DEMO_PASSWORD = "Demo-2026!"

# Fictional division heads (Art. 20(二): the names of those in charge are published).
HEADS = {
    "BGS": "周主任",
    "FZC": "李法明",
    "ZZB": "赵政新",
    "XFZX": "钱正行",
    "YZGL": "孙安民",
    "JYGZ": "吴育人",
    "JHCW": "郑财安",
    "SHWS": "王康宁",
    "XXZX": "冯信达",
    "JJJC": "陈清风",
}

DEPARTMENTS = [
    # code, name, flags, duties
    (
        "BGS",
        "办公室",
        {"is_office": True, "is_disclosure_office": True},
        "负责机关日常运转、文电会务、机要保密、信息公开、政务公开和舆情回应工作；负责拟公开政府信息的保密审查。",
    ),
    (
        "FZC",
        "法制处",
        {"is_legal_affairs": True},
        "负责监狱法制建设和执法监督；负责政府信息公开属性认定和公开形式认定；承担公职律师管理工作。",
    ),
    ("ZZB", "政治部", {}, "负责机构编制、干部人事、教育培训、警务督察和队伍建设工作。"),
    ("XFZX", "刑罚执行处", {}, "负责刑罚执行工作的监督指导，办理减刑、假释、暂予监外执行的审核和公示。"),
    ("YZGL", "狱政管理处", {}, "负责狱政管理、安全防范和狱内案件侦查的组织指导工作。"),
    ("JYGZ", "教育改造处", {}, "负责罪犯思想、文化、职业技术教育和心理矫治工作的组织指导。"),
    ("JHCW", "计划财务处", {}, "负责预算决算、财务管理、国有资产和政府采购工作。"),
    ("SHWS", "生活卫生处", {}, "负责罪犯生活卫生、医疗保障和疾病防控工作的组织指导。"),
    ("XXZX", "信息技术中心", {}, "负责网站、政务新媒体和信息化建设的运行维护。"),
    ("JJJC", "纪检监察室", {}, "负责党风廉政建设和纪检监察工作。"),
]

USERS = [
    # username, name (last, first), department code, title, role label, superuser
    ("admin", ("系统", "管理员"), "XXZX", "管理员", "管理员（节假日、机构、用户、年度报告）", True),
    ("bgs_reviewer", ("王", "审查"), "BGS", "保密员", "办公室保密审查", False),
    ("fzc_reviewer", ("李", "认定"), "FZC", "法制处干部", "法制处公开属性认定", False),
    ("zzb_drafter", ("赵", "起草"), "ZZB", "政治部干部", "政治部信息起草", False),
    ("xfzx_drafter", ("钱", "起草"), "XFZX", "刑罚执行处干部", "刑罚执行处信息起草", False),
    ("gk_handler", ("孙", "经办"), "BGS", "信息公开经办人", "依申请公开经办人", False),
    ("gk_head", ("周", "主任"), "BGS", "办公室主任", "政府信息公开工作机构负责人（批准延期）", False),
]


def demo_user(username: str):
    return get_user_model().objects.get(username=username)


def demo_pdf(text: str, *, distinct_by: str = "") -> bytes:
    """A one-page PDF showing an ASCII line (valid xref; opens in any reader). The demo needs
    real files, not their content; `distinct_by` is written as a trailing comment so that
    files with the same text still differ (an attachment's hash is part of its item's revision)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    if distinct_by:
        out += f"% {distinct_by}\n".encode()
    return bytes(out)


def load(ctx: dict) -> None:
    SiteProfile.objects.update_or_create(
        pk=1,
        defaults={
            "org_name": "示例省监狱管理局",
            "org_code": "11990000MB0000000X",
            "portal_name": "政府信息公开",
            "office_name": "示例省监狱管理局办公室（政府信息公开工作机构）",
            "office_address": "示例省示例市示例区示范大街100号（演示地址）",
            "office_postcode": "100000",
            "office_hours": "周一至周五 8:30—11:30，13:30—17:00（法定节假日除外）",
            "office_phone": "000-00000000（演示号码）",
            "office_fax": "000-00000001（演示号码）",
            "office_email": "gongkai@example.invalid",
            "website_id": "9999000000",
            "icp_number": "示ICP备00000000号（演示）",
            "police_number": "示公网安备00000000000000号（演示）",
            "organizer_name": "示例省监狱管理局办公室",
        },
    )
    departments = {}
    for order, (code, name, flags, duties) in enumerate(DEPARTMENTS, start=1):
        dept, _ = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "duties": duties,
                "order": order * 10,
                "head_name": HEADS.get(code, ""),
                "is_office": False,
                "is_legal_affairs": False,
                "is_disclosure_office": False,
                **flags,
            },
        )
        departments[code] = dept
    User = get_user_model()
    for username, (last, first), dept_code, title, role, superuser in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
        user.last_name, user.first_name = last, first
        user.department = departments[dept_code]
        user.title = title
        user.email = f"{username}@example.invalid"
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
        ctx["passwords"][username] = (DEMO_PASSWORD, role)
    ctx["departments"] = departments

"""Every public page on a phone: at 360 and 390 px, in the normal, large-type and
high-contrast modes, no sideways scrolling of the page, tap targets of at least 44 px,
no Content-Security-Policy violation. The pages come from the sitemap (so a new page
cannot be forgotten) plus the form pages: the request form, its confirmation, the
status lookup and a request's status. Screenshots go to test-artifacts/phone/."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from disclosure.annual_report.services import generate_report_draft
from disclosure.choices import ItemKind, Validity
from disclosure.models import Topic
from tests.conftest import watch_csp
from tests.disclosure.factories import publish, published
from tests.portal.factories import DepartmentFactory, OfficeFactory, SiteProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [360, 390]
MODES = ["normal", "large-type", "high-contrast"]
MIN_TARGET = 44
SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "phone"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
WIDE_TABLE = (
    "<table><caption>分项支出明细</caption><thead><tr>"
    + "".join(f"<th>第{i}季度支出科目名称</th>" for i in range(1, 9))
    + "</tr></thead><tbody><tr>"
    + "".join(f"<td>{i * 1234.56:.2f}万元</td>" for i in range(1, 9))
    + "</tr></tbody></table>"
)

# Controls a finger must hit. Links inside running text are exempt (WCAG 2.5.8 "inline").
TARGETS_JS = """(min) => {
  const out = [];
  const sel = 'button, select, textarea, summary, input:not([type=hidden]), '
            + 'nav a, .a11y-bar a, .pagination a, .topic-links a, .footer-links a, .cards a';
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('.hp-field, .visually-hidden, .breadcrumbs')) continue;
    let box = el;
    if (el.matches('input[type=radio], input[type=checkbox]')) box = el.closest('label') || el;
    const r = box.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;  // not shown (the collapsed menu)
    if (r.height < min - 0.5 || r.width < min - 0.5) {
      out.push(`${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 12)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return out;
}"""
# What sticks out of the viewport (to say why a page scrolls sideways).
WIDE_JS = """(width) => {
  const w = width || innerWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && !el.closest('.table-scroll')) out.push(`${el.tagName}.${el.className} ${Math.round(r.right)}px`);
  }
  return out.slice(0, 5);
}"""


@pytest.fixture
def phone_site(live_server, settings):
    settings.PORTAL = {**settings.PORTAL, "REQUEST_MIN_FILL_SECONDS": 0}
    SiteProfileFactory(
        organizer_name="示例省监狱管理局信息中心",
        conac_id="0123456789ABCDEF0123456789ABCDEF",
        site_domain="www.example.gov.cn",
    )
    office = OfficeFactory()
    dept = DepartmentFactory(code="JHCW", name="计划财务处", duties="负责预算决算和财务管理。")
    topic = Topic.objects.get(code="final-accounts")
    published(
        title="示例省监狱管理局关于印发《示例省监狱系统罪犯计分考核和奖励实施细则（试行）》的通知",
        topic=topic,
        publisher=dept,
        document_number="示狱规〔2025〕12号",
        summary="规定罪犯计分考核的内容、程序和结果运用。",
        body="<p>各监狱：</p>" + WIDE_TABLE,
        attachments=[("示例省监狱系统罪犯计分考核和奖励实施细则附件一至附件五.pdf", PDF)],
    )
    published(title="示例省监狱会见管理暂行办法", validity=Validity.REPEALED, repealed_on=datetime.date(2025, 5, 20))
    published(title="局领导到示范监狱调研安全生产工作", kind=ItemKind.NEWS)
    published(title="示例省监狱管理局政府信息公开工作制度", kind=ItemKind.POLICY)
    published(title="政府信息公开指南补充说明", kind=ItemKind.GUIDE)
    for i in range(25):  # two pages of the catalogue, so the pager shows
        published(title=f"关于做好第{i}批次安全生产检查工作的通知", publisher=dept)
    report, _ = generate_report_draft(year=2025, actor=UserFactory(department=office))
    publish(report.item)
    return live_server


def public_pages(client) -> list[str]:
    """Every page in the sitemap, plus filtered and searched versions of the lists."""
    index = client.get("/sitemap.xml").content.decode()
    paths = []
    for sitemap in re.findall(r"<loc>(.*?)</loc>", index):
        xml = client.get(urlsplit(sitemap).path).content.decode()
        paths += [urlsplit(loc).path for loc in re.findall(r"<loc>(.*?)</loc>", xml)]
    assert "/" in paths and "/reports/2025/" in paths and any(p.startswith("/items/") for p in paths)
    return paths + ["/catalogue/?topic=final-accounts&validity=repealed", "/catalogue/?page=2", "/search/?q=监狱 计分"]


def form_pages(browser, base_url: str) -> tuple[list[str], list[dict]]:
    """File a request and look it up, as a citizen would: the form, its confirmation, the
    status lookup and the status page, with the session cookies that open the last two."""
    context = browser.new_context(base_url=base_url, locale="zh-CN")
    pg = context.new_page()
    pg.goto("/requests/new/")
    pg.get_by_role("radio", name="自然人").check()
    pg.get_by_label("姓名或者名称").fill("王小明")
    pg.get_by_label("身份证件名称（自然人）").select_option("居民身份证")
    pg.get_by_label("身份证件号码或统一社会信用代码").fill("220102199001011234")
    pg.get_by_label("联系电话").fill("13800000000")
    pg.get_by_label("电子邮箱").fill("wang@example.com")
    pg.get_by_label("所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述").fill("2025年度监狱系统部门预算说明")
    pg.get_by_role("radio", name="电子数据").check()
    pg.get_by_role("radio", name="电子邮件").check()
    pg.get_by_role("button", name="提交申请").click()
    pg.wait_for_url(re.compile(r"/requests/new/done/"))
    reference = pg.locator("#reference").inner_text().strip()
    code = pg.locator("#query-code").inner_text().strip()
    pg.goto("/requests/status/")
    pg.get_by_label("申请编号").fill(reference)
    pg.get_by_label("查询码").fill(code)
    pg.get_by_role("button", name="查询").click()
    pg.wait_for_url(re.compile(rf"/requests/status/{reference}/"))
    cookies = context.cookies()
    context.close()
    return ["/requests/new/", "/requests/new/done/", "/requests/status/", f"/requests/status/{reference}/"], cookies


def phone_context(browser, base_url: str, width: int, mode: str, cookies=()):
    context = browser.new_context(
        base_url=base_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": 800},
        is_mobile=True,
        has_touch=True,
    )
    if cookies:
        context.add_cookies(list(cookies))
    if mode != "normal":
        context.add_init_script(f"try {{ localStorage.setItem('a11y:{mode}', '1'); }} catch (e) {{}}")
    return context


def shot_name(mode: str, width: int, path: str) -> str:
    return f"{mode}-{width}-{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_') or 'home'}.png"


def test_every_public_page_fits_a_phone_in_every_mode(browser, phone_site, client):
    pages = public_pages(client)
    forms, cookies = form_pages(browser, phone_site.url)
    pages = list(dict.fromkeys(pages + forms))
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for mode in MODES:
        for width in WIDTHS:
            context = phone_context(browser, phone_site.url, width, mode, cookies)
            pg = context.new_page()
            violations = watch_csp(pg)
            for path in pages:
                response = pg.goto(path)
                where = f"{mode} {width}px {path}"
                if response.status != 200:
                    problems.append(f"{where}: HTTP {response.status}")
                    continue
                if mode != "normal" and not pg.evaluate(f"document.documentElement.classList.contains('{mode}')"):
                    problems.append(f"{where}: mode not applied")
                # Against the phone's width, not innerWidth: a mobile browser widens its layout
                # viewport to fit a page that sticks out (then zooms the whole page out).
                scroll_width, inner = pg.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if max(scroll_width, inner) > width:
                    problems.append(
                        f"{where}: page is {max(scroll_width, inner)}px wide: {pg.evaluate(WIDE_JS, width)}"
                    )
                small = pg.evaluate(TARGETS_JS, MIN_TARGET)
                if small:
                    problems.append(f"{where}: tap targets under {MIN_TARGET}px: {small}")
                pg.screenshot(path=SHOTS / shot_name(mode, width, path), full_page=True)
            context.close()
            problems += violations
    assert problems == [], "\n".join(problems)
    for mode in MODES:
        for width in WIDTHS:
            assert all((SHOTS / shot_name(mode, width, path)).stat().st_size > 0 for path in pages)


@pytest.mark.parametrize("mode", MODES)
def test_menu_is_collapsed_on_a_phone_and_opens_with_its_button(browser, phone_site, mode):
    context = phone_context(browser, phone_site.url, 360, mode)
    pg = context.new_page()
    violations = watch_csp(pg)
    pg.goto("/")
    nav = pg.get_by_role("navigation", name="主导航")
    toggle = pg.get_by_role("button", name="栏目导航")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav.get_by_role("link", name="机构职能").is_visible()
    # The first screen shows the content, not eight menu links.
    assert pg.evaluate("document.querySelector('main').getBoundingClientRect().top") < 400
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    link = nav.get_by_role("link", name="机构职能")
    assert link.is_visible()
    assert pg.evaluate(TARGETS_JS, MIN_TARGET) == []
    pg.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not link.is_visible()
    toggle.click()
    link.click()
    pg.wait_for_url("**/departments/")
    context.close()
    assert violations == []


def test_without_script_the_menu_stays_open(browser, phone_site):
    context = browser.new_context(
        base_url=phone_site.url, viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    pg = context.new_page()
    pg.goto("/")
    assert pg.get_by_role("navigation", name="主导航").get_by_role("link", name="机构职能").is_visible()
    assert not pg.locator(".nav-toggle").is_visible()
    context.close()


def test_wide_tables_scroll_in_their_own_labelled_box_with_the_header_in_view(browser, phone_site):
    context = phone_context(browser, phone_site.url, 360, "normal")
    pg = context.new_page()
    pg.goto("/reports/2025/")
    box = pg.get_by_role("region", name=re.compile("收到和处理政府信息公开申请情况"))
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll sideways…
    assert pg.evaluate("document.documentElement.scrollWidth <= innerWidth")  # …and the page does not
    # Scrolled down inside its box, the table's header row stays at the top of the box.
    offset = box.evaluate("""el => { el.scrollTop = 300;
        return el.querySelector('thead').getBoundingClientRect().top - el.getBoundingClientRect().top; }""")
    assert abs(offset) <= 2
    item = phone_site.url + "/catalogue/?topic=final-accounts"
    pg.goto(item)
    pg.locator("table.catalogue a").first.click()
    assert pg.get_by_role("region", name=re.compile("分项支出明细")).evaluate("el => el.scrollWidth > el.clientWidth")
    assert pg.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


def test_footer_sits_at_the_bottom_of_a_short_page(page, phone_site):
    page.set_viewport_size({"width": 1366, "height": 1400})
    page.goto("/contact/")
    bottom = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert bottom == pytest.approx(1400, abs=1)


def test_read_aloud_starts_and_stops_with_the_browsers_speech(page, phone_site):
    """朗读 uses window.speechSynthesis (stubbed here: headless Chromium has no voices)."""
    page.add_init_script("""
        window.__spoken = [];
        window.speechSynthesis.speak = (u) => { window.__spoken.push({text: u.text, lang: u.lang}); };
        window.speechSynthesis.cancel = () => { window.__spoken.push('cancel'); };
    """)
    page.goto("/catalogue/?topic=final-accounts")
    page.locator("table.catalogue a").first.click()
    button = page.get_by_role("button", name="朗读全文")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    spoken = page.evaluate("window.__spoken.filter(x => x !== 'cancel')")
    assert spoken[0]["lang"] == "zh-CN" and "罪犯计分考核" in spoken[0]["text"] and "朗读" not in spoken[0]["text"]
    stop = page.get_by_role("button", name="停止朗读")
    assert stop.get_attribute("aria-pressed") == "true"
    stop.click()
    assert page.get_by_role("button", name="朗读全文").get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.__spoken[window.__spoken.length - 1]") == "cancel"


@pytest.mark.usefixtures("seeded_calendar")
def test_staff_queue_and_workbench_fit_a_phone(browser, live_server):
    """The request queue and the review workbench at 390 px in every mode: no sideways
    scrolling of the page (their tables scroll inside their own box)."""
    from django.utils import timezone

    from tests.requests_app.factories import head, in_person
    from tests.review.factories import World, draft

    world = World()
    clerk = head("phone_head")
    for i in range(3):
        in_person(clerk, timezone.localdate(), applicant_name=f"申请人{i}")
    for i in range(3):
        draft(world, title=f"关于印发《监狱执法公开工作规定（第{i}号修订）》的通知")
    accounts = [(clerk, ["/staff/", "/staff/requests/"]), (world.drafter, ["/staff/review/"])]
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for user, paths in accounts:
        user.set_password("pass-12345")
        user.save()
        for mode in MODES:
            context = phone_context(browser, live_server.url, 390, mode)
            pg = context.new_page()
            violations = watch_csp(pg)
            pg.goto("/staff/login/")
            pg.fill("#id_username", user.username)
            pg.fill("#id_password", "pass-12345")
            pg.get_by_role("button", name="登录").click()
            pg.wait_for_url("**/staff/")
            for path in paths:
                assert pg.goto(path).status == 200
                scroll_width, inner = pg.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if scroll_width > inner:
                    problems.append(f"{mode} {path}: page is {scroll_width}px wide: {pg.evaluate(WIDE_JS)}")
                pg.screenshot(path=SHOTS / shot_name(mode, 390, "staff" + path), full_page=True)
            context.close()
            problems += violations
    assert problems == [], "\n".join(problems)


def test_print_shows_wide_tables_whole_and_drops_the_phone_controls(page, phone_site):
    page.goto("/catalogue/?topic=final-accounts")
    page.locator("table.catalogue a").first.click()
    page.emulate_media(media="print")
    assert page.locator(".table-scroll").first.evaluate("el => getComputedStyle(el).overflowX") == "visible"
    assert not page.locator(".nav-toggle").is_visible() and not page.locator(".read-aloud-bar").is_visible()
    page.goto("/reports/2025/")
    assert page.locator(".table-scroll").first.evaluate("el => getComputedStyle(el).overflowY") == "visible"


@pytest.mark.parametrize("mode", ["normal", "high-contrast"])
def test_no_serious_accessibility_violations_on_a_phone(browser, phone_site, mode):
    from tests.conftest import axe_serious

    context = phone_context(browser, phone_site.url, 360, mode)
    pg = context.new_page()
    found = {}
    for path in ["/", "/catalogue/", "/search/?q=计分", "/sitemap/", "/contact/", "/reports/2025/", "/requests/new/"]:
        pg.goto(path)
        pg.get_by_role("button", name="栏目导航").click()  # the open menu is checked too
        violations = axe_serious(pg)
        if violations:
            found[path] = [(v["id"], v["help"]) for v in violations]
    context.close()
    assert found == {}

"""The rich-text allowlist: images from this site only, links to this site or public
http(s) addresses only, and only the editor's own class values."""

import pytest

from portal.html import sanitize


@pytest.fixture(autouse=True)
def hosts(settings):
    settings.ALLOWED_HOSTS = ["gkzl.example.gov.cn"]


@pytest.mark.parametrize(
    "href",
    [
        "/items/1/",
        "#part-2",
        "https://www.gov.cn/zhengce/",
        "http://www.example.com/a?b=1",
        "https://gkzl.example.gov.cn/guide/",
    ],
)
def test_links_kept(href):
    assert f'href="{href.replace("&", "&amp;")}"' in sanitize(f'<a href="{href}">x</a>')


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example/",
        "javascript:alert(1)",
        "data:text/html,x",
        "mailto:a@b.cn",
        "ftp://files.example.com/",
        "http://127.0.0.1/",
        "http://localhost:8000/admin/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.3.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://intranet/",
        "http://db.internal/",
        "http://printer.local/",
        "http://0x7f.1/",
        "http://2130706433/",
        "http://user@10.0.0.1/",
        "https:\\\\evil.example",
        "http://0.0.0.0/",
    ],
)
def test_links_dropped(href):
    out = sanitize(f'<p><a href="{href}">文字</a></p>')
    assert "href" not in out and "文字" in out


@pytest.mark.parametrize("src", ["/editor-files/abc.png", "https://gkzl.example.gov.cn/editor-files/a.png"])
def test_images_from_this_site_kept(src):
    assert f'src="{src}"' in sanitize(f'<img src="{src}" alt="图">')


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example.com/p.gif",
        "//cdn.example.com/a.png",
        "http://10.0.0.1/a.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_images_from_elsewhere_dropped(src):
    out = sanitize(f'<p>前<img src="{src}" alt="图">后</p>')
    assert "<img" not in out and "前" in out and "后" in out


def test_only_the_editors_classes():
    out = sanitize(
        '<figure class="table evil-overlay"><table class="table x"><tr><td class="c">1</td></tr></table></figure>'
        '<p class="hidden">t</p><figure class="image image-style-side"><img src="/editor-files/a.png"></figure>'
    )
    assert 'class="table"' in out and "evil-overlay" not in out and "hidden" not in out and 'class="c"' not in out
    assert "image-style-side" in out


def test_the_annual_report_tables_keep_their_classes():
    out = sanitize('<table class="report-table report-table-3"><tr><th rowspan="22">三</th></tr></table>')
    assert 'class="report-table report-table-3"' in out and 'rowspan="22"' in out

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, site_views, views
from .sitemaps import SITEMAPS

app_name = "disclosure"

urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide, name="guide"),
    path("guide/application-form.pdf", views.application_form_pdf, name="application_form_pdf"),
    path("guide/application-form.docx", views.application_form_docx, name="application_form_docx"),
    path("policy/", views.policy, name="policy"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:item_pk>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("news/", views.news, name="news"),
    path("interaction/qa/", views.qa, name="qa"),
    path("reports/", views.reports, name="reports"),
    path("departments/", views.departments, name="departments"),
    path("search/", views.search, name="search"),
    path("sitemap/", site_views.site_map, name="site_map"),
    path("contact/", site_views.contact, name="contact"),
    path("feeds/atom/", feeds.LatestItemsAtomFeed(), name="feed_atom"),
    path("feeds/json/", feeds.json_feed, name="feed_json"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]

import factory
from django.contrib.auth import get_user_model

from portal.models import Department, SiteProfile


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}处")
    duties = "负责本处室职责范围内的工作。"


class OfficeFactory(DepartmentFactory):
    code = "BGS"
    name = "办公室"
    is_office = True
    is_disclosure_office = True


class LegalAffairsFactory(DepartmentFactory):
    code = "FZC"
    name = "法制处"
    is_legal_affairs = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"同志{n}")
    department = factory.SubFactory(DepartmentFactory)
    password = factory.django.Password("pass-12345")


class SiteProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteProfile
        django_get_or_create = ("id",)

    id = 1
    org_name = "示例省监狱管理局"
    org_code = "11220000MB0000000X"
    portal_name = "政府信息公开"
    office_name = "示例省监狱管理局办公室"
    office_address = "示例市示例区示例路1号"
    office_postcode = "130000"
    office_hours = "工作日 8:30—11:30，13:30—17:00"
    office_phone = "0431-00000000"
    office_fax = "0431-00000001"
    office_email = "gongkai@example.gov.cn"
    website_id = "0000000000"
    icp_number = "示ICP备00000000号"
    police_number = "示公网安备00000000000000号"

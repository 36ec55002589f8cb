import pytest
from django.core.management import call_command

from disclosure.choices import State, Validity
from disclosure.models import DisclosureItem
from disclosure.selectors import published_items
from portal.demo import demo_user
from review import permissions as perms
from review.models import ReviewRun


@pytest.mark.django_db
def test_demo_has_every_state_and_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    states = set(DisclosureItem.objects.values_list("state", flat=True))
    assert set(State.values) <= states | {State.PUBLISHED}
    assert states >= set(State.values)
    assert published_items().filter(validity=Validity.REPEALED).exists()
    assert all(i.index_number for i in published_items())
    counts = (DisclosureItem.objects.count(), ReviewRun.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (DisclosureItem.objects.count(), ReviewRun.objects.count()) == counts
    assert perms.is_office_reviewer(demo_user("bgs_reviewer"))
    assert perms.is_legal_reviewer(demo_user("fzc_reviewer"))
    assert perms.is_drafter(demo_user("zzb_drafter")) and perms.is_drafter(demo_user("xfzx_drafter"))
    assert not perms.is_reviewer(demo_user("zzb_drafter"))
    admin = demo_user("admin")
    assert perms.is_office_reviewer(admin) and perms.is_legal_reviewer(admin) and perms.is_drafter(admin)

import pytest


@pytest.fixture
def site_profile(db):
    """A filled-in site profile: letters (补正告知书, 征求意见函, …) name the body and its
    telephone, so a step that issues one needs it."""
    from tests.portal.factories import SiteProfileFactory

    return SiteProfileFactory()

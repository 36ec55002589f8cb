import pytest

from tests.portal.factories import SiteProfileFactory


@pytest.fixture
def profile(db):
    return SiteProfileFactory()

import pytest

from tests.review.factories import World


@pytest.fixture
def world(db):
    return World()

import pytest

from .clockdata import ensure_seeded_calendar


@pytest.fixture
def seeded_calendar(transactional_db):
    ensure_seeded_calendar()

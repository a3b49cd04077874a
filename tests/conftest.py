import pytest
from django.conf import settings
from django.core.management import call_command

from sites.models import Area
from tests.factories import accounts


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL (COPY, real concurrent connections): on SQLite they
    are deselected, not skipped, and counted as such; CI's PostgreSQL pass runs them."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def seed(db):
    """The paper's seed data, loaded through the real command."""
    call_command("load_seed", verbosity=0)


@pytest.fixture
def kampung_bugis(seed):
    return Area.objects.get(code="21.72.03.1005")


@pytest.fixture
def tanjung_unggat(seed):
    return Area.objects.get(code="21.72.04.1005")


@pytest.fixture
def official(db):
    return accounts.official(username="pejabat")


@pytest.fixture
def coordinator_kb(kampung_bugis):
    return accounts.coordinator(kampung_bugis, username="bkm-kb")


@pytest.fixture
def coordinator_tu(tanjung_unggat):
    return accounts.coordinator(tanjung_unggat, username="bkm-tu")


@pytest.fixture
def researcher(db):
    return accounts.researcher(username="peneliti")


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (``None`` stays signed out)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in

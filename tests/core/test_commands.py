from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from core import roles
from sites.models import AreaAssignment


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"core", "sites", "interventions", "collaboration"}
    }


def test_load_seed_twice_changes_nothing(db):
    call_command("load_seed", stdout=StringIO())
    first = _row_counts()
    assert first["sites.SlumLocation"] == 7
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert _row_counts() == first
    assert "baris dibuat/diubah: 0" in out.getvalue()


def test_role_groups_exist_after_migrations(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.CITY_OFFICIAL,
        roles.COORDINATOR,
        roles.RESEARCHER,
    }


@override_settings(DEBUG=False)
def test_create_demo_users_refuses_without_debug(seed):
    with pytest.raises(CommandError):
        call_command("create_demo_users", stdout=StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


@override_settings(DEBUG=False)
def test_create_demo_users_with_force_prints_each_password_and_assigns_areas(seed, client):
    out = StringIO()
    call_command("create_demo_users", "--force", stdout=out)
    lines = dict(line.split("\t")[:2] for line in out.getvalue().splitlines())
    assert set(lines) == {"demo-official", "demo-bkm-kampung-bugis", "demo-bkm-tanjung-unggat", "demo-researcher"}
    bugis = get_user_model().objects.get(username="demo-bkm-kampung-bugis")
    assert list(AreaAssignment.objects.filter(user=bugis).values_list("area__code", flat=True)) == ["21.72.03.1005"]
    for username, password in lines.items():
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        client.post("/accounts/logout/")

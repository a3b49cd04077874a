"""Two real concurrent edits from the same version (PostgreSQL: separate connections in threads)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from core.concurrency import Conflict
from interventions import services
from interventions.models import Intervention
from tests.factories import accounts
from tests.factories import interventions as f


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_from_one_version_exactly_one_wins():
    assert connection.vendor == "postgresql"
    official = accounts.official(username="pejabat-race")
    intervention = f.InterventionFactory()
    barrier = threading.Barrier(2)
    outcomes = {}

    def edit(note):
        try:
            copy = Intervention.objects.get(pk=intervention.pk)
            barrier.wait(timeout=10)
            with transaction.atomic():
                services.intervention_update(
                    intervention=copy,
                    actor=official,
                    expected_version=1,
                    data={"notes": note, "volume": Decimal(len(note))},
                )
            outcomes[note] = "saved"
        except Conflict:
            outcomes[note] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(note,)) for note in ("pertama", "kedua-lebih-panjang")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(note for note, outcome in outcomes.items() if outcome == "saved")
    intervention.refresh_from_db()
    assert intervention.notes == winner
    assert intervention.volume == Decimal(len(winner))
    assert intervention.version == 2

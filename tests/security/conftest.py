import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from collaboration.models import Agreement, DataSharing, Meeting, Outcome, SharedGoal
from core.services import api_token_issue
from imports.models import ImportRun
from interventions.models import FundingSource, Intervention, InterventionKind
from jobs import progress
from jobs.models import Job
from sites.models import Aspect, Assessment, SlumLocation, Stakeholder
from tests.factories.accounts import UserFactory
from tests.factories.collaboration import ContactPersonFactory, MilestoneFactory, StageAssessmentFactory
from tests.factories.interventions import ProgressUpdateFactory

ANON, OFFICIAL, COORD_IN, COORD_OUT, RESEARCHER = "anon", "official", "coord_in", "coord_out", "researcher"
ROLES = (ANON, OFFICIAL, COORD_IN, COORD_OUT, RESEARCHER)


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="foto.png")


@pytest.fixture
def objects(seed, coordinator_kb, coordinator_tu, official, researcher):
    """One Kampung Bugis object per routed model: inside coordinator_kb's scope, outside coordinator_tu's."""
    location = SlumLocation.objects.get(name="Kampung Bugis")
    intervention = Intervention.objects.filter(location=location).order_by("pk").first()
    agreement = Agreement.objects.filter(location=location).first()
    bkm = Stakeholder.objects.get(name="BKM Kampung Bugis")
    now = timezone.now()
    run = ImportRun.objects.create(
        user=coordinator_kb,
        username=coordinator_kb.username,
        original_name="data.xlsx",
        sha256="0" * 64,
        size=1,
        mode=ImportRun.Mode.DRY_RUN,
        status=ImportRun.Status.INVALID,
        origin=ImportRun.Origin.WEB,
        started_at=now,
        finished_at=now,
    )
    token, _raw = api_token_issue(user=researcher, name="uji")
    job = Job.objects.create(
        owner=researcher,
        kind=Job.Kind.EXPORT,
        title="ekspor",
        state=Job.State.DONE,
        result_name="matriks-hasil",
        download_name="ekspor.csv",
        content_type="text/csv",
        finished_at=now,
    )
    (progress.folder() / job.result_name).write_text("id\n1\n")
    location.decree.document.save("sk-337-2014.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    location.decree.save(update_fields=["document"])
    return {
        "location": location.pk,
        "assessment": Assessment.objects.filter(location=location).first().pk,
        "intervention": intervention.pk,
        "progress_update": ProgressUpdateFactory(intervention=intervention, percent=Decimal("40"), photo=_png()).pk,
        "funding_source": FundingSource.objects.order_by("pk").first().pk,
        "kind": InterventionKind.objects.order_by("pk").first().pk,
        "stakeholder": bkm.pk,
        "contact": ContactPersonFactory(stakeholder=bkm).pk,
        "meeting": Meeting.objects.filter(location=location).first().pk,
        "data_sharing": DataSharing.objects.filter(location=location).first().pk,
        "agreement": agreement.pk,
        "milestone": MilestoneFactory(agreement=agreement).pk,
        "shared_goal": SharedGoal.objects.filter(location=location).first().pk,
        "outcome": Outcome.objects.filter(location=location).first().pk,
        "stage_assessment": StageAssessmentFactory(location=location).pk,
        "import_run": run.pk,
        "api_token": token.pk,
        "job": job.pk,
        "area": location.area_id,
        "decree": location.decree_id,
        "area_record": location.area_records.first().pk,
        "aspect": Aspect.objects.order_by("number").first().pk,
        "rule_set": "permen-14-2018",
        "flag": location.flags.first().pk,
        "user_other": UserFactory().pk,
        "managed_account": coordinator_tu.pk,
    }


@pytest.fixture
def users(official, coordinator_kb, coordinator_tu, researcher):
    return {ANON: None, OFFICIAL: official, COORD_IN: coordinator_kb, COORD_OUT: coordinator_tu, RESEARCHER: researcher}


@pytest.fixture
def as_role(client, users):
    def sign_in(role):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return sign_in

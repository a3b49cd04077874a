"""``?format=xlsx&async=1`` on API lists: 202 with a job URL, the job API, the download."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from core.services import api_token_issue
from interventions.models import Intervention
from jobs.models import Job

LIST = "/api/v1/interventions/"


@pytest.fixture
def token_client(researcher):
    _token, key = api_token_issue(user=researcher, name="R")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_researchers_async_xlsx_export_of_a_national_scale_list_completes_through_the_job_api(
    seed, researcher, token_client
):
    call_command("generate_demo_data", "--scale", "tiny", verbosity=0)
    expected = Intervention.objects.count()
    assert expected > 40, "the generated national-shape data (CI size) beside the seed"

    response = token_client.get(LIST, {"format": "xlsx", "async": "1", "ordering": "id"})

    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json()["url"] == f"http://testserver/api/v1/jobs/{job.pk}/"
    assert response["Location"] == response.json()["url"]
    status = token_client.get(response.json()["url"]).json()
    assert (status["state"], status["kind"], status["percent"]) == ("done", "export", 100)
    assert status["done"] == status["total"] == expected
    download = token_client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="interventions-')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) - 1 == expected, "every row of the filtered list, not one page"
    synchronous = token_client.get(LIST, {"format": "xlsx", "ordering": "id"})
    assert synchronous.status_code == 200, "the plain synchronous export keeps working"


def test_async_export_keeps_the_filters_and_the_scope(seed, coordinator_kb, client):
    client.force_login(coordinator_kb)
    response = client.get(LIST, {"format": "csv", "async": "1", "search": "Paving"})
    assert response.status_code == 202
    job = Job.objects.get()
    body = b"".join(client.get(f"/api/v1/jobs/{job.pk}/download/").streaming_content).decode()
    expected = client.get(LIST, {"format": "csv", "search": "Paving"})
    assert body == b"".join(expected.streaming_content).decode()


def test_a_bad_filter_answers_400_and_starts_no_job(seed, token_client):
    response = token_client.get(LIST, {"format": "xlsx", "async": "1", "fiscal_year": "tahun"})
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_only_the_owner_and_officials_see_a_job_and_its_file(seed, researcher, token_client, official, client, db):
    from tests.factories.accounts import researcher as another_researcher

    url = token_client.get(LIST, {"format": "xlsx", "async": "1"}).json()["url"]
    job = Job.objects.get()
    download = f"/api/v1/jobs/{job.pk}/download/"
    other = APIClient()
    other.force_authenticate(another_researcher(username="lain"))
    assert other.get(url).status_code == 404
    assert other.get(download).status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code in (302, 404)
    client.force_login(official)
    assert client.get(url).status_code == 200
    assert client.get(download).status_code == 200
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 200
    assert APIClient().get(url).status_code == 401

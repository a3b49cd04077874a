from django_tasks import task

from jobs import runner


@task()
def run_job(job_id: int) -> str:
    """The one task every job runs through; the job row says what to do."""
    return runner.execute(job_id)

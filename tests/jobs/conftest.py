import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test's uploads, progress files and job results in its own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT

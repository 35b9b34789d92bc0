"""Reflex's upload endpoint refuses a body over the import's limit before reading it."""

from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client  # noqa: F401  (fixture)


def test_an_oversized_upload_is_refused_before_it_is_read(client):  # noqa: F811
    answer = client.post(
        "/_upload",
        content=b"x" * (3 * 1024 * 1024),
        headers={"Content-Type": "multipart/form-data"},
    )
    assert answer.status_code == 413
    assert answer.json() == {"detail": "The file is over 2 MB."}


def test_a_small_upload_reaches_the_endpoint(client):  # noqa: F811
    answer = client.post("/_upload", content=b"x" * 100, headers={"Content-Type": "text/plain"})
    assert answer.status_code == 404  # no Reflex app mounted here: past the guard, not found

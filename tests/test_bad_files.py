"""Every upload and import entry point, through its page and its API, answers every file of the
bad-input corpus (`tests/data/bad/`) with a Vietnamese refusal that says why, never a server
error, and writes nothing: the row count of every model is unchanged and no file is left in
MEDIA_ROOT. Parametrised over (entry point × bad file): a new entry point is one line in
`tests.bad_inputs.ENTRY_POINTS`."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.bad_inputs import (
    BadFile,
    EntryPoint,
    World,
    cases,
    media_files,
    refusals,
    row_counts,
    upload,
    world_for_module,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with world_for_module(django_db_blocker, tmp_path_factory.mktemp("world-media")) as built:
        yield built


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    ("entry", "bad"), [pytest.param(*case, id=f"{case[0].id}:{case[1].path}") for case in cases()]
)
def test_a_bad_file_is_refused_saying_why_and_nothing_is_written(
    world: World, media: Any, client: Any, entry: EntryPoint, bad: BadFile
) -> None:
    client.force_login(world.user)
    before = row_counts()

    response = entry.post(client, world, upload(bad.name, bad.read()))

    assert response.status_code < 500
    if entry.api:
        assert response.status_code in (400, 422), response.content.decode()[:300]
    else:
        assert response.status_code == 200
    found = refusals(response)
    assert found, f"no refusal shown for {bad.path} at {entry.id}"
    message = " ".join(found)
    assert any(word in message for word in bad.why), message
    if entry.extensions != (".xlsx",):
        # An Excel import page takes one file and says "Tệp …" of it; every other upload
        # names the file it refuses.
        assert bad.name in message, message
    assert row_counts() == before
    assert media_files() == set()

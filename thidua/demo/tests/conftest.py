"""The demo loaded once per test module, inside a transaction rolled back at the end, with its
files in a temporary folder."""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from thidua.demo.load import DemoSummary, load_demo


@dataclass(frozen=True)
class Loaded:
    summary: DemoSummary
    output: str


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        out = io.StringIO()
        summary = load_demo(stdout=out)
        yield Loaded(summary, out.getvalue())
        transaction.set_rollback(True)

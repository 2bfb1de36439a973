"""Every page and every API operation must have a permission test.

Permission test modules declare what they cover in `COVERED_URL_NAMES` (URL names) and
`COVERED_API_OPERATIONS` ("METHOD /path"); this test fails when something new is not declared.
"""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from thidua.api import api

PACKAGE = Path(__file__).resolve().parents[2]
# Every namespace of the project's pages (Django's admin and the API, checked below, aside).
NOT_OURS = {"", "admin", "api"}


def _declared(attribute: str) -> set[str]:
    found: set[str] = set()
    for module_path in sorted(PACKAGE.glob("*/tests/test_*.py")):
        relative = module_path.relative_to(PACKAGE.parent).with_suffix("")
        module = importlib.import_module(".".join(relative.parts))
        found.update(getattr(module, attribute, ()))
    return found


def _url_names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace not in NOT_OURS:
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_every_page_has_a_permission_test() -> None:
    pages = _url_names(get_resolver().url_patterns)

    assert pages, "no pages found"
    assert sorted(pages - _declared("COVERED_URL_NAMES")) == []


def test_every_api_operation_has_a_permission_test() -> None:
    schema = api.get_openapi_schema()
    operations = {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    }

    assert operations
    assert sorted(operations - _declared("COVERED_API_OPERATIONS")) == []

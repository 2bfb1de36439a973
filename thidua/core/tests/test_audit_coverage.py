"""Every public function of a service module records an audit event (directly, through a helper
or through another service) unless the audit check's registry (tests/audit_check.py) says it only
reads or is not a service boundary, with the reason. Static: read from the source, so a service
no test calls is held to the rule too."""

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from tests.audit_check import NOT_A_SERVICE, READ_ONLY, ROOT, service_module_names

AUDIT_RECORD = ("thidua.core.services", "audit_record")
Function = tuple[str, str]  # (module, name)


def module_path(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


class Module:
    """A project module's top-level functions and what its names stand for."""

    def __init__(self, name: str, tree: ast.Module, is_package: bool) -> None:
        self.name = name
        self.functions = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.names: dict[str, Function] = {}  # name → (module, attribute) it was imported as
        self.modules: dict[str, str] = {}  # name → module it stands for
        package = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    parts = package.split(".")
                    source = ".".join([*parts[: len(parts) - node.level + 1], source]).strip(".")
                for alias in node.names:
                    local = alias.asname or alias.name
                    if module_path(f"{source}.{alias.name}") is not None:
                        self.modules[local] = f"{source}.{alias.name}"
                    else:
                        self.names[local] = (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.modules[alias.asname] = alias.name


@cache
def load(module: str) -> Module | None:
    path = module_path(module)
    if path is None or not module.startswith("thidua"):
        return None
    return Module(module, ast.parse(path.read_text(encoding="utf-8")), path.name == "__init__.py")


def resolve(function: Function, seen: frozenset[Function] = frozenset()) -> Function | None:
    """Follow re-exports (`from x import f` in a package) to where `f` is defined."""
    module = load(function[0])
    if module is None or function in seen:
        return None
    if function[1] in module.functions:
        return function
    if function[1] in module.names:
        return resolve(module.names[function[1]], seen | {function})
    return None


def references(function: Function) -> Iterator[Function]:
    """The project functions a function calls or passes on (by name or as `module.name`)."""
    module = load(function[0])
    assert module is not None
    for node in ast.walk(module.functions[function[1]]):
        target: Function | None = None
        if isinstance(node, ast.Name):
            if node.id in module.functions:
                target = (module.name, node.id)
            elif node.id in module.names:
                target = module.names[node.id]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in module.modules
        ):
            target = (module.modules[node.value.id], node.attr)
        if target is not None:
            resolved = resolve(target)
            if resolved is not None:
                yield resolved


@cache
def audits(function: Function) -> bool:
    """Whether `function` reaches `audit_record` (a depth-first walk of the call graph)."""
    stack, seen = [function], {function}
    while stack:
        current = stack.pop()
        for called in references(current):
            if called == AUDIT_RECORD:
                return True
            if called not in seen:
                seen.add(called)
                stack.append(called)
    return False


def public_service_functions() -> list[str]:
    found = []
    for name in service_module_names():
        module = load(name)
        assert module is not None
        found += [f"{name}.{function}" for function in module.functions if function[0] != "_"]
    return found


def split(dotted: str) -> Function:
    module, _, name = dotted.rpartition(".")
    return module, name


def test_every_service_records_an_audit_event() -> None:
    services = [
        name
        for name in public_service_functions()
        if name not in READ_ONLY and name not in NOT_A_SERVICE
    ]

    silent = [name for name in services if not audits(split(name))]

    assert len(services) > 100
    assert silent == []


def test_read_only_functions_record_nothing() -> None:
    assert [name for name in READ_ONLY if audits(split(name))] == []


def test_the_registry_names_existing_functions() -> None:
    existing = set(public_service_functions())

    assert sorted(set(READ_ONLY) - existing) == []
    assert sorted(set(NOT_A_SERVICE) - existing) == []
    assert set(READ_ONLY) & set(NOT_A_SERVICE) == set()


def test_the_call_graph_follows_helpers_services_and_re_exports() -> None:
    # nomination_submit audits through the private helper `_save`; job_confirm's helper
    # calls campaign_create, imported by name from targets.
    assert audits(("thidua.commendation.services.workflow", "nomination_submit"))
    assert ("thidua.targets.services", "campaign_create") in set(
        references(("thidua.ingest.services", "_campaign_from"))
    )
    assert resolve(("thidua.commendation.services", "nomination_submit")) == (
        "thidua.commendation.services.workflow",
        "nomination_submit",
    )
    assert not audits(("thidua.ingest.services", "job_progress"))

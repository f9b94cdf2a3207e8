"""Which room may import which (docs/architecture.md): read from the source, so a stray
import fails here rather than when head office is deployed without the till's code."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# headoffice's demo still builds the demo store with the till's own generator; these two
# are untangled when the demo data moves to a room of its own.
DEMO_PENDING = {"headoffice/demo.py", "headoffice/__main__.py"}


def imports_of(path: Path) -> set[str]:
    """The modules a file imports, as absolute names under ``aftersales`` for its own."""
    rel = path.relative_to(SRC).with_suffix("")
    package = ["aftersales", *rel.parts[:-1]]  # a module's package, or an __init__'s own
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
            # ``from .. import crud``: each name may be a module of that package.
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def files(room: str) -> list[Path]:
    folder = SRC / room
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{room}.py"]


def rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def under(name: str, *rooms: str) -> bool:
    return any(name == f"aftersales.{r}" or name.startswith(f"aftersales.{r}.") for r in rooms)


def test_sqltypes_imports_only_sqlalchemy_and_the_standard_library() -> None:
    [path] = files("sqltypes")
    odd = {
        name
        for name in imports_of(path)
        if name.split(".")[0] not in sys.stdlib_module_names | {"sqlalchemy", "__future__"}
    }
    assert odd == set()


@pytest.mark.parametrize("room", ["db", "services", "sync", "ui", "views", "printing"])
def test_head_office_never_imports_the_tills_rooms(room: str) -> None:
    found = {
        (rel(path), name)
        for path in files("headoffice")
        if rel(path) not in DEMO_PENDING
        for name in imports_of(path)
        if under(name, room)
    }
    assert found == set()


def test_head_office_migrations_name_no_till_module() -> None:
    folder = SRC / "headoffice" / "migrations"
    found = [
        rel(path)
        for path in [*folder.rglob("*.py"), folder / "script.py.mako"]
        if "aftersales.db" in path.read_text("utf-8")
    ]
    assert found == []


# Besides the standard library: the wire is pydantic models over typing's forms.
CONTRACT_MAY = {"pydantic", "pydantic_core", "typing_extensions", "annotated_types", "__future__"}


def test_the_contract_imports_only_pydantic_and_the_domain() -> None:
    odd = {
        (rel(path), name)
        for path in files("contract")
        for name in imports_of(path)
        if name.split(".")[0] not in sys.stdlib_module_names | CONTRACT_MAY
        and not under(name, "contract", "domain")
    }
    assert files("contract") and odd == set()


@pytest.mark.parametrize(("room", "other"), [("sync", "headoffice"), ("headoffice", "sync")])
def test_the_till_and_head_office_meet_only_in_the_contract(room: str, other: str) -> None:
    found = {
        (rel(path), name) for path in files(room) for name in imports_of(path) if under(name, other)
    }
    assert found == set()

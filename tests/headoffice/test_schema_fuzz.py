"""Head office's OpenAPI document, held to its word.

A schema fuzz (schemathesis on Hypothesis): each operation of the document the app itself
serves gets generated requests, some that fit the document and some that do not. Every
answer must pass all of schemathesis's default checks: no server error; a status code,
content type, headers and body the document declares; data that does not fit refused,
data that fits accepted; and, for the store's token, the same request refused without it
and with a wrong one (``ignored_auth``).

With the store's token this runs on a SQLite file and on PostgreSQL. Without a token and
with a wrong one it runs on SQLite only: such a request is refused before any query but
the token's (by its hash), so the database makes no difference there.

And the document itself: versioned paths only, the package's version, every operation
described, with the errors it may answer.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.auths import AuthStorage
from schemathesis.specs.openapi.checks import positive_data_acceptance

from aftersales import __version__
from aftersales.contract import PROBLEM_CODES, EventIn, ReferenceImport
from aftersales.demo.headoffice import demo_reference
from aftersales.headoffice import crud
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app
from aftersales.headoffice.reference import import_reference, publish_policy

#: Generated requests per operation and run (about 30 ms each), so that the module takes
#: well under a minute; set HEADOFFICE_FUZZ_EXAMPLES to fuzz harder.
EXAMPLES = int(os.environ.get("HEADOFFICE_FUZZ_EXAMPLES", "20"))

#: A case the store has sent, so that reading a case is fuzzed on a hit as well.
KNOWN_CASE = "SH01-250601-02-0001"


@dataclass(frozen=True, slots=True)
class HeadOffice:
    app: Any
    token: str


@pytest.fixture(scope="module")
def demo_data() -> ReferenceImport:
    """The demo store's products and staff, and its first sales (several pages of them)."""
    data = demo_reference(date(2025, 6, 2))
    return data.model_copy(update={"receipts": data.receipts[:120]})


@contextmanager
def _head_office(
    folder: Path, url: str, data: ReferenceImport, policy: str
) -> Iterator[HeadOffice]:
    """The service with a store enrolled, its reference data, a published policy and one
    completed case taking back a line of one of its sales."""
    app = create_app(Settings(folder, url))
    try:
        with app.state.sessions() as s:
            store, token = crud.create_store(s, code=data.store.code, name=data.store.name)
            import_reference(s, store=store, data=data)
            publish_policy(s, toml=policy)
            sale = data.receipts[0]
            case = [
                EventIn(
                    event_id=str(uuid.uuid4()),
                    case_no=KNOWN_CASE,
                    seq=seq,
                    kind=kind,
                    payload={
                        "case_no": KNOWN_CASE,
                        "status": status,
                        "till_no": sale.till_no,
                        "receipt_no": sale.receipt_no,
                        "lines": [{"receipt_line_no": sale.lines[0].line_no, "qty": 1}],
                    },
                )
                for seq, (kind, status) in enumerate(
                    [
                        ("case_opened", "draft"),
                        ("case_submitted", "submitted"),
                        ("case_completed", "completed"),
                    ],
                    start=1,
                )
            ]
            assert crud.apply_events(s, store=store, events=case) == ["applied"] * 3
            s.commit()
        yield HeadOffice(app, token)
    finally:
        app.state.engine.dispose()


@pytest.fixture
def head_office(
    tmp_path: Path, ho_database_url: str, demo_data: ReferenceImport, default_policy_text: str
) -> Iterator[HeadOffice]:
    """On SQLite and on PostgreSQL."""
    with _head_office(tmp_path, ho_database_url, demo_data, default_policy_text) as ho:
        yield ho


@pytest.fixture
def head_office_on_sqlite(
    tmp_path: Path, demo_data: ReferenceImport, default_policy_text: str
) -> Iterator[HeadOffice]:
    url = f"sqlite:///{tmp_path / 'ho.sqlite3'}"
    with _head_office(tmp_path, url, demo_data, default_policy_text) as ho:
        yield ho


def _sending(token: str | None) -> AuthStorage[str]:
    """Schemathesis's auth: it puts this token on every request it generates (none: no
    Authorization header), so that it never makes one up. A token set this way counts as
    valid: with it, ``ignored_auth`` also sends each accepted request without it and with
    a wrong one, which must be refused."""

    class Token:
        def get(self, case: schemathesis.Case[Any], ctx: schemathesis.AuthContext) -> str:
            return token or ""

        def set(
            self, case: schemathesis.Case[Any], data: str, ctx: schemathesis.AuthContext
        ) -> None:
            if data:
                case.headers["Authorization"] = f"Bearer {data}"
            else:
                case.headers.pop("Authorization", None)

    storage: AuthStorage[str] = AuthStorage()
    # Not cached, and not fetched again on a 401: that is an answer to check.
    storage.auth(refresh_interval=None, retry_on=[])(Token)
    return storage


def _refuses_an_event_by_what_head_office_knows(response: schemathesis.Response) -> bool:
    """A 422 that names an event and one of head office's reasons (the contract's
    :data:`~aftersales.contract.ProblemCode`), not the schema's."""
    if response.status_code != 422:
        return False
    try:
        detail = response.json().get("detail")
    except ValueError:
        return False
    return (
        isinstance(detail, dict)
        and detail.get("code") in PROBLEM_CODES
        and bool(detail.get("event_id"))
        and bool(detail.get("reason"))
    )


def _describe(failure: BaseException) -> str:
    """The failure and, for a group (schemathesis's, Hypothesis's "flaky"), each in it."""
    text = str(failure)
    if isinstance(failure, BaseExceptionGroup):
        for inner in failure.exceptions:
            text += "\n  - " + _describe(inner).replace("\n", "\n    ")
    return text


def _fuzz_every_operation(app: Any, token: str | None) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    schema.app = app  # called in-process (ASGI)
    auth = _sending(token)
    failures = []
    for operation in (op for methods in schema.values() for op in methods.values()):
        strategies = [
            operation.as_strategy(mode, auth_storage=auth)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        if "{case_no}" in operation.path:
            known = {"case_no": KNOWN_CASE}
            strategies.append(operation.as_strategy(path_parameters=known, auth_storage=auth))

        @given(case=st.one_of(strategies))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            # One key for every operation would replay one's failure on another.
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def fuzz(case: schemathesis.Case[Any]) -> None:
            response = case.call()
            if _refuses_an_event_by_what_head_office_knows(response):
                # Fits the schema, yet refused (422, declared) for what head office knows:
                # an event id back with another content, a case number that is not one of
                # the store's, a sale of another store, a status the case cannot take next…
                # which made-up events nearly always are. Every other check holds.
                case.validate_response(response, excluded_checks=[positive_data_acceptance])
            else:
                case.validate_response(response)

        try:
            fuzz()
        except Exception as failure:
            failures.append(f"{operation.label}:\n{_describe(failure)}")
    assert not failures, "\n\n".join(failures)


def test_every_operation_keeps_to_the_schema_with_the_store_token(
    head_office: HeadOffice,
) -> None:
    _fuzz_every_operation(head_office.app, head_office.token)


@pytest.mark.parametrize("token", [None, "not-a-token"], ids=["no token", "a wrong token"])
def test_every_operation_keeps_to_the_schema_without_a_valid_token(
    head_office_on_sqlite: HeadOffice, token: str | None
) -> None:
    _fuzz_every_operation(head_office_on_sqlite.app, token)


# -- the document ------------------------------------------------------------------------

_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def test_the_document_is_versioned_and_describes_every_operation(tmp_path: Path) -> None:
    app = create_app(Settings(tmp_path, f"sqlite:///{tmp_path / 'ho.sqlite3'}"))
    try:
        doc = app.openapi()
    finally:
        app.state.engine.dispose()
    assert doc["info"]["version"] == __version__
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method in _METHODS
    ]
    assert operations
    problems = []
    for label, operation in operations:
        if not label.split(" ", 1)[1].startswith("/api/v1/"):
            problems.append(f"{label}: not under /api/v1/")
        if not operation.get("summary") or not operation.get("description"):
            problems.append(f"{label}: no summary or no description")
        answers = operation["responses"]
        errors = [code for code in answers if code.startswith("4")]
        if operation.get("security") and "401" not in answers:
            problems.append(f"{label}: needs a token but declares no 401")
        # Only what takes neither a token nor input has no error to declare (the health check).
        if (
            operation.get("security") or operation.get("parameters") or "requestBody" in operation
        ) and not errors:
            problems.append(f"{label}: declares no error answer")
        for code in errors:
            if "application/json" not in answers[code].get("content", {}):
                problems.append(f"{label}: its {code} answer has no declared body")
    assert not problems, "\n".join(problems)

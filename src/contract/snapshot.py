"""A case's snapshot: the whole case as its till last saved it, sent with every event.

The till builds one (``services.cases``) as :class:`CaseSnapshot`; head office checks each
event's payload against the same definition and keeps it exactly as sent, as the event's
content hash is taken of it. Every field is typed; ``extra="allow"`` lets a newer till add
fields, and all but ``status`` (and a line's ``receipt_line_no``) may be missing, as an
older till wrote fewer. TypedDicts, not models: checked without building an object, a fifth
of the time, which counts at thousands of events a second.

Values are as JSON has them: times and dates as ISO 8601 text, money as integer fen.
"""

from __future__ import annotations

from typing import Annotated, Any, Required

from pydantic import (
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    TypeAdapter,
    ValidatorFunctionWrapHandler,
    with_config,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema
from typing_extensions import TypedDict

from .fields import AS_JSON_INTEGER, NO_NUL

MAX_TEXT = 10_000
"""The longest free text a snapshot holds (a description, a reason), in characters."""
MAX_NAME = 50
"""The longest customer name the snapshot carries (the till refuses a longer one)."""
MAX_CODE = 32
"""The longest code or batch number the snapshot carries."""

ISO_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
"""A moment with its offset, as ``datetime.isoformat()`` writes an aware one."""
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

CodeText = Annotated[str, Field(max_length=MAX_CODE, pattern=NO_NUL)]
"""One of the till's codes (a resolution, a liability, a SKU…); "" where none applies."""
FreeText = Annotated[str, Field(max_length=MAX_TEXT, pattern=NO_NUL)]
Flag = Annotated[bool, Strict()]
"""true or false: not 1, nor "yes"."""
Fen = Annotated[int, Field(ge=0, le=10**12), AS_JSON_INTEGER]
SignedFen = Annotated[int, Field(ge=-(10**12), le=10**12), AS_JSON_INTEGER]
Qty = Annotated[int, Field(ge=0, le=9999), AS_JSON_INTEGER]
Time = Annotated[str, Field(max_length=40, pattern=ISO_TIME)]
Day = Annotated[str, Field(max_length=10, pattern=ISO_DATE)]


@with_config(ConfigDict(extra="allow"))
class SnapshotIntake(TypedDict, total=False):
    """Who came, about what, wanting what (the case's intake form)."""

    customer_name: Annotated[str, Field(max_length=MAX_NAME, pattern=NO_NUL)]
    customer_phone: Annotated[str, Field(max_length=20, pattern=NO_NUL)]
    channel: CodeText
    problem_category: CodeText
    description: FreeText
    wanted: CodeText
    received_at: Time | None


@with_config(ConfigDict(extra="allow"))
class SnapshotInspection(TypedDict, total=False):
    """What the item looked like when it came back, and who is liable."""

    tags_attached: Flag
    unworn: Flag
    unwashed: Flag
    stains: Flag
    odour: Flag
    damage: CodeText
    batch: CodeText
    suggested_liability: CodeText
    liability: CodeText
    override_reason: FreeText


@with_config(ConfigDict(extra="allow"))
class SnapshotDecision(TypedDict, total=False):
    """What the store does about a line: refund, exchange, repair, compensate or reject."""

    resolution: CodeText | None
    qty: Qty
    refund_fen: Fen
    tender: CodeText | None
    exchange_unit_price_fen: Fen
    price_difference_fen: SignedFen
    repair_due: Day | None
    compensation_fen: Fen
    reject_reason: FreeText
    disposition: CodeText
    within_policy: Flag
    rule_ids: Annotated[list[CodeText], Field(max_length=100)]


@with_config(ConfigDict(extra="allow"))
class SnapshotLine(TypedDict, total=False):
    """One line of the sale that the case is about."""

    receipt_line_no: Required[Annotated[int, Field(ge=1, le=999), AS_JSON_INTEGER]]
    sku: CodeText
    qty: Qty | None
    inspection: SnapshotInspection | None
    decision: SnapshotDecision | None


@with_config(ConfigDict(extra="allow"))
class CaseSnapshot(TypedDict, total=False):
    """A case as its till last saved it. Head office reads its status, and which lines of
    which sale it takes back; all of it is checked, stored and handed back as sent."""

    case_no: Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL)]
    status: Required[Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL)]]
    till_no: Annotated[int, Field(ge=0, le=99), AS_JSON_INTEGER] | None
    receipt_no: Annotated[str, Field(max_length=32, pattern=NO_NUL)] | None
    policy_version: CodeText
    needs_approval: Flag
    created_at: Time | None
    intake: SnapshotIntake | None
    lines: Annotated[list[SnapshotLine], Field(max_length=999)] | None


SNAPSHOT = TypeAdapter(CaseSnapshot)
"""Checks a payload against :class:`CaseSnapshot` (``SNAPSHOT.validate_python``)."""


def _as_sent(value: Any, check: ValidatorFunctionWrapHandler) -> Any:
    check(value)  # raises, each error located in the payload
    return value  # as sent: the event's content hash is taken of exactly this


class _CheckedAsSnapshot:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_wrap_validator_function(
            _as_sent, handler.generate_schema(CaseSnapshot)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # Described in place, where the payload is, as head office's document always had
        # it (its parts, the line, intake, inspection and decision, are components).
        return handler(SNAPSHOT.core_schema)


Snapshot = Annotated[dict[str, Any], _CheckedAsSnapshot]
"""A payload checked against :class:`CaseSnapshot` (and so described), kept as sent."""

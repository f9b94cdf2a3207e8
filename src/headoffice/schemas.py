"""What goes over the wire, one model per direction."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, Required, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    TypeAdapter,
    with_config,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from typing_extensions import TypedDict

NO_NUL = r"^[^\x00]*$"
"""Text either database stores: anything but NUL (PostgreSQL refuses it)."""


def _json_integer(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("should be an integer, not text or a boolean")
    return value


AS_JSON_INTEGER = BeforeValidator(_json_integer)
"""For an int: an integer as JSON Schema has it, 3 or 3.0, not "3" or true. Put it after
the bounds (``Annotated[int, Field(ge=0), AS_JSON_INTEGER]``), or pydantic leaves them out
of the JSON schema of an optional field."""


# -- a case's snapshot, as far as head office reads it -----------------------------------


# Only the fields head office reads are checked; the others are the till's business and
# kept as sent. TypedDicts, not models: checked without building an object, a fifth of the
# time, which counts at thousands of events a second.


@with_config(ConfigDict(extra="allow"))
class SnapshotDecision(TypedDict, total=False):
    resolution: str | None


@with_config(ConfigDict(extra="allow"))
class SnapshotLine(TypedDict, total=False):
    receipt_line_no: Required[Annotated[int, Field(ge=1, le=999), AS_JSON_INTEGER]]
    qty: Annotated[int, Field(ge=0, le=9999), AS_JSON_INTEGER] | None
    decision: SnapshotDecision | None


@with_config(ConfigDict(extra="allow"))
class CaseSnapshot(TypedDict, total=False):
    """A case as its till last saved it. Head office reads its status, and which lines of
    which sale it takes back; any other field is stored and handed back as sent."""

    status: Required[Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL)]]
    till_no: Annotated[int, Field(ge=0, le=99), AS_JSON_INTEGER] | None
    receipt_no: Annotated[str, Field(max_length=32, pattern=NO_NUL)] | None
    lines: Annotated[list[SnapshotLine], Field(max_length=999)] | None


_SNAPSHOT = TypeAdapter(CaseSnapshot)


def _readable_snapshot(payload: dict[str, Any]) -> dict[str, Any]:
    _SNAPSHOT.validate_python(payload)
    return payload  # as sent: the event's content hash is taken of exactly this


class _DescribedAsSnapshot:
    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(_SNAPSHOT.core_schema)


Snapshot = Annotated[dict[str, Any], AfterValidator(_readable_snapshot), _DescribedAsSnapshot]
"""A case snapshot checked against :class:`CaseSnapshot` (and so described), kept a dict."""


class EventIn(BaseModel):
    """One outbox event as a till sends it."""

    event_id: str = Field(
        min_length=36, max_length=36, pattern=NO_NUL, description="fixed when the till wrote it"
    )
    case_no: str = Field(min_length=1, max_length=32, pattern=NO_NUL)
    seq: Annotated[int, Field(ge=1), AS_JSON_INTEGER] = Field(
        description="the case's event number, from 1 with no gaps"
    )
    kind: str = Field(min_length=1, max_length=32, pattern=NO_NUL)
    payload: Snapshot


class EventBatchIn(BaseModel):
    events: list[EventIn] = Field(min_length=1, max_length=500)


class EventResult(BaseModel):
    event_id: str
    result: Literal["applied", "duplicate"]


class EventBatchPublic(BaseModel):
    results: list[EventResult]


class Problem(BaseModel):
    """Why a batch was refused (nothing of it was stored)."""

    code: Literal["event_id_reused", "sequence_gap"]
    event_id: str
    case_no: str
    expected_seq: int | None = None


# -- refusals, as FastAPI words them: the reason under "detail" ------------------------


class Refusal(BaseModel):
    """A request refused (no or an unknown token, nothing found): why, in words."""

    detail: str


class BatchRefused(BaseModel):
    """A batch refused (409, 422): the problem, under ``detail``."""

    detail: Problem


class FieldError(BaseModel):
    """One thing wrong with a request, as FastAPI's validation reports it."""

    loc: list[str | int]
    msg: str
    type: str


class RequestInvalid(BaseModel):
    """A request that does not fit this schema (422): each thing wrong with it."""

    detail: list[FieldError]


class StorePublic(BaseModel):
    code: str
    name: str
    phone: str = ""
    address: str = ""


class CasePublic(BaseModel):
    case_no: str
    status: str
    last_seq: int
    snapshot: dict[str, Any]


# -- reference data, head office to tills ------------------------------------------------

T = TypeVar("T")
Money = Annotated[int, Field(ge=0, le=10**12, description="fen (分)")]
Code = Annotated[str, Field(min_length=1, max_length=32)]


class StoreRef(BaseModel):
    code: Code
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(default="", max_length=32)
    address: str = Field(default="", max_length=200)


class ProductRef(BaseModel):
    sku: Code
    style_code: Code
    name: str = Field(min_length=1, max_length=100)
    colour: str = Field(max_length=30)
    size: str = Field(max_length=10)
    category: Code
    batch: Code
    price_fen: Money
    final_sale: bool = False
    hygiene: bool = False


class StaffRef(BaseModel):
    staff_no: Code
    name: str = Field(min_length=1, max_length=50)
    role: Literal["cashier", "manager"]
    pin_hash: str = Field(min_length=20, max_length=200, description="Argon2id of the PIN")
    active: bool = True


class ReceiptLineRef(BaseModel):
    line_no: int = Field(ge=1, le=999)
    sku: Code
    qty: int = Field(ge=1, le=9999)
    unit_price_fen: Money
    discount_fen: Money
    paid_fen: Money


class ReceiptRef(BaseModel):
    receipt_no: Code
    barcode: Code
    till_no: int = Field(ge=1, le=99)
    sold_at: AwareDatetime
    tender: Code
    total_fen: Money
    paid_fen: Money
    lines: list[ReceiptLineRef] = Field(min_length=1, max_length=999)


class PolicyRef(BaseModel):
    version: Code
    toml: str = Field(min_length=1, max_length=200_000)
    published_at: AwareDatetime


class ReturnRef(BaseModel):
    """How much of one receipt line one case takes back, as head office last heard."""

    case_no: Code
    till_no: int = Field(ge=0, le=99)
    receipt_no: Code
    line_no: int = Field(ge=1, le=999)
    qty: int = Field(ge=0, le=9999, description="0 once the case no longer takes it back")
    status: Code
    conflict: bool = Field(description="more of this line is returned than was sold")


class Page(BaseModel, Generic[T]):
    """Rows changed after ``since``, oldest first; ask again from ``cursor`` while ``more``."""

    items: list[T]
    cursor: int = Field(ge=0, description="the last revision in this page (or since)")
    more: bool


class ReferenceImport(BaseModel):
    """Reference data a store's systems hand to head office (``import-reference``)."""

    store: StoreRef
    products: list[ProductRef] = []
    staff: list[StaffRef] = []
    receipts: list[ReceiptRef] = []


class ConflictPublic(BaseModel):
    receipt_no: str
    line_no: int
    sold_qty: int
    returned_qty: int
    case_nos: list[str]

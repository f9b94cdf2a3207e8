"""Reference data: head office to tills, a page at a time, and from a store's systems to
head office (``import-reference``)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, Field

from .fields import Code, Money

T = TypeVar("T")


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

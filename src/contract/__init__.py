"""The wire between tills and head office, written once: the typed models of everything
that crosses it (events and their snapshots, batches and head office's answers, reference
pages). The till's ``sync`` and ``headoffice`` both import this room, and neither imports
the other; it imports only pydantic and ``domain``.
"""

from .events import (
    MAX_BATCH,
    BatchRefused,
    EventBatchIn,
    EventBatchPublic,
    EventIn,
    EventKind,
    EventResult,
    Problem,
)
from .fields import AS_JSON_INTEGER, NO_NUL, Code, Money
from .reference import (
    Page,
    PolicyRef,
    ProductRef,
    ReceiptLineRef,
    ReceiptRef,
    ReferenceImport,
    ReturnRef,
    StaffRef,
    StoreRef,
)
from .refusals import FieldError, Refusal, RequestInvalid
from .snapshot import (
    MAX_CODE,
    MAX_NAME,
    MAX_TEXT,
    SNAPSHOT,
    CaseSnapshot,
    Snapshot,
    SnapshotDecision,
    SnapshotInspection,
    SnapshotIntake,
    SnapshotLine,
)
from .stores import DEMO_STORE_TOKEN, CasePublic, Health, StorePublic

__all__ = [
    "AS_JSON_INTEGER",
    "DEMO_STORE_TOKEN",
    "MAX_BATCH",
    "MAX_CODE",
    "MAX_NAME",
    "MAX_TEXT",
    "NO_NUL",
    "SNAPSHOT",
    "BatchRefused",
    "CasePublic",
    "CaseSnapshot",
    "Code",
    "EventBatchIn",
    "EventBatchPublic",
    "EventIn",
    "EventKind",
    "EventResult",
    "FieldError",
    "Health",
    "Money",
    "Page",
    "PolicyRef",
    "Problem",
    "ProductRef",
    "ReceiptLineRef",
    "ReceiptRef",
    "ReferenceImport",
    "Refusal",
    "RequestInvalid",
    "ReturnRef",
    "Snapshot",
    "SnapshotDecision",
    "SnapshotInspection",
    "SnapshotIntake",
    "SnapshotLine",
    "StaffRef",
    "StoreRef",
    "StorePublic",
]

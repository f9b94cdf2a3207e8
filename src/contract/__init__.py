"""The wire between tills and head office, written once: the typed models of everything
that crosses it (events and their snapshots, batches and head office's answers, reference
pages). The till's ``sync`` and ``headoffice`` both import this room, and neither imports
the other; it imports only pydantic and ``domain``.
"""

from .events import (
    MAX_BATCH,
    PROBLEM_CODES,
    BatchRefused,
    EventBatchIn,
    EventBatchPublic,
    EventIn,
    EventKind,
    EventResult,
    Problem,
    ProblemCode,
)
from .fields import AS_JSON_INTEGER, NO_NUL, Code, Money
from .holdings import MAX_HELD_PAGE, CaseHeld, CasesHeld, ResendReport, TillHoldings
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
from .stores import (
    HEAD_OFFICE_TIME,
    CasePublic,
    Health,
    StorePublic,
    format_head_office_time,
    parse_head_office_time,
)
from .tills import INSTALL_ID, TillIdentity, TillInUse, TillNo, TillPublic, TillRefused

__all__ = [
    "AS_JSON_INTEGER",
    "HEAD_OFFICE_TIME",
    "INSTALL_ID",
    "MAX_BATCH",
    "MAX_CODE",
    "MAX_HELD_PAGE",
    "MAX_NAME",
    "MAX_TEXT",
    "NO_NUL",
    "PROBLEM_CODES",
    "SNAPSHOT",
    "BatchRefused",
    "CaseHeld",
    "CasePublic",
    "CasesHeld",
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
    "ProblemCode",
    "ProductRef",
    "ReceiptLineRef",
    "ReceiptRef",
    "ReferenceImport",
    "Refusal",
    "RequestInvalid",
    "ResendReport",
    "ReturnRef",
    "Snapshot",
    "SnapshotDecision",
    "SnapshotInspection",
    "SnapshotIntake",
    "SnapshotLine",
    "StaffRef",
    "StoreRef",
    "StorePublic",
    "TillHoldings",
    "TillIdentity",
    "TillInUse",
    "TillNo",
    "TillPublic",
    "TillRefused",
    "format_head_office_time",
    "parse_head_office_time",
]

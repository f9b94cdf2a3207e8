"""What the case screens hand the services, and the codes of what is wrong with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ...contract import MAX_CODE, MAX_NAME, MAX_TEXT
from ...domain.codes import Channel, Disposition, Liability, ProblemCategory, Resolution
from ...domain.decide import Condition, DecisionChoice, InspectionProblem
from ...domain.decision import DecisionProblem
from ...domain.phone import is_valid_mobile
from ...domain.states import CaseStatus
from ..sales import SaleView


@dataclass(frozen=True, slots=True)
class IntakeInput:
    customer_name: str
    customer_phone: str
    channel: Channel
    category: ProblemCategory
    description: str
    wanted: Resolution
    lines: tuple[tuple[int, int], ...]  # (receipt_line_id, qty)


@dataclass(frozen=True, slots=True)
class InspectionInput:
    receipt_line_id: int
    condition: Condition = Condition()
    batch: str = ""
    photo_path: str | None = None
    liability: Liability | None = None  # None: the suggestion is confirmed
    override_reason: str = ""


@dataclass(frozen=True, slots=True)
class DecisionInput:
    receipt_line_id: int
    resolution: Resolution
    exchange_sku: str | None = None
    repair_due: date | None = None
    compensation_fen: int = 0
    reject_reason: str = ""
    disposition: Disposition | None = None  # None: the suggested one

    @property
    def choice(self) -> DecisionChoice:
        return DecisionChoice(
            self.resolution,
            self.exchange_sku,
            self.repair_due,
            self.compensation_fen,
            self.reject_reason,
            self.disposition,
        )


class IntakeProblem(StrEnum):
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    DESCRIPTION_TOO_LONG = "description_too_long"
    PHONE_INVALID = "phone_invalid"
    NO_ITEMS = "no_items"
    QTY_ABOVE_RETURNABLE = "qty_above_returnable"
    UNKNOWN_LINE = "unknown_line"
    DUPLICATE_LINE = "duplicate_line"


class CaseRefused(Exception):
    """The input cannot be saved as it is; ``problems`` say what to correct.

    Attributes:
        problems: (receipt_line_id or 0 for the case, problem code) pairs.
    """

    def __init__(self, problems: Sequence[tuple[int, StrEnum]]) -> None:
        super().__init__(", ".join(f"{i}:{p.value}" for i, p in problems))
        self.problems = tuple(problems)


class CaseNotFound(Exception):
    pass


@dataclass(frozen=True, slots=True)
class SubmitResult:
    case_no: str
    status: CaseStatus
    approval_reasons: tuple[tuple[str, str, str], ...]  # (rule id, zh, en)
    refund_total_fen: int


def check_intake(sale: SaleView, intake: IntakeInput) -> list[tuple[int, StrEnum]]:
    """Everything wrong with an intake for this sale; empty when it can be saved."""
    problems: list[tuple[int, StrEnum]] = []
    if not intake.customer_name.strip():
        problems.append((0, IntakeProblem.NAME_MISSING))
    elif len(intake.customer_name.strip()) > MAX_NAME:
        problems.append((0, IntakeProblem.NAME_TOO_LONG))
    if len(intake.description.strip()) > MAX_TEXT:
        problems.append((0, IntakeProblem.DESCRIPTION_TOO_LONG))
    if not is_valid_mobile(intake.customer_phone):
        problems.append((0, IntakeProblem.PHONE_INVALID))
    chosen = [(lid, q) for lid, q in intake.lines if q > 0]
    if not chosen:
        problems.append((0, IntakeProblem.NO_ITEMS))
    seen: set[int] = set()
    for lid, _q in chosen:
        if lid in seen:
            problems.append((lid, IntakeProblem.DUPLICATE_LINE))
        seen.add(lid)
    for lid, q in chosen:
        try:
            line = sale.line(lid)
        except KeyError:
            problems.append((lid, IntakeProblem.UNKNOWN_LINE))
            continue
        if q > line.returnable_qty:
            problems.append((lid, IntakeProblem.QTY_ABOVE_RETURNABLE))
    return problems


def text_problems(inspection: InspectionInput) -> list[InspectionProblem]:
    """What head office could not take of an inspection's texts (the wire contract's
    lengths): refused at the counter, never parked later."""
    problems = []
    if len(inspection.batch.strip()) > MAX_CODE:
        problems.append(InspectionProblem.BATCH_TOO_LONG)
    if len(inspection.override_reason.strip()) > MAX_TEXT:
        problems.append(InspectionProblem.REASON_TOO_LONG)
    return problems


def reason_problems(decision: DecisionInput) -> list[DecisionProblem]:
    """Likewise for a decision's reason."""
    return (
        [DecisionProblem.REASON_TOO_LONG] if len(decision.reject_reason.strip()) > MAX_TEXT else []
    )

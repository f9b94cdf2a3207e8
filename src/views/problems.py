"""The sentences for the problem codes that rules and services return."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ..domain.decision import DecisionProblem
from ..services.auth import AuthError, AuthProblem
from ..services.cases import InspectionProblem, IntakeProblem

if TYPE_CHECKING:
    from ..printing.queues import PrintOutcome


def problem_text(code: StrEnum) -> str:
    texts = {
        IntakeProblem.NAME_MISSING: QCoreApplication.translate(
            "Problems", "Enter the customer's name."
        ),
        IntakeProblem.NAME_TOO_LONG: QCoreApplication.translate(
            "Problems", "The name is too long: at most 50 characters."
        ),
        IntakeProblem.DESCRIPTION_TOO_LONG: QCoreApplication.translate(
            "Problems", "The description is too long: at most 10,000 characters."
        ),
        IntakeProblem.PHONE_INVALID: QCoreApplication.translate(
            "Problems",
            "The phone number is not a mainland mobile number (11 digits starting 13–19).",
        ),
        IntakeProblem.NO_ITEMS: QCoreApplication.translate(
            "Problems", "Choose at least one item and its quantity."
        ),
        IntakeProblem.QTY_ABOVE_RETURNABLE: QCoreApplication.translate(
            "Problems", "The quantity is more than is still returnable on this receipt."
        ),
        IntakeProblem.UNKNOWN_LINE: QCoreApplication.translate(
            "Problems", "That item is not on this receipt."
        ),
        IntakeProblem.DUPLICATE_LINE: QCoreApplication.translate(
            "Problems", "The same item is listed twice: give its quantity once."
        ),
        InspectionProblem.OVERRIDE_REASON_MISSING: QCoreApplication.translate(
            "Problems", "You changed the suggested liability: give the reason."
        ),
        InspectionProblem.BATCH_TOO_LONG: QCoreApplication.translate(
            "Problems", "The batch number is too long: at most 32 characters."
        ),
        InspectionProblem.REASON_TOO_LONG: QCoreApplication.translate(
            "Problems", "The reason is too long: at most 10,000 characters."
        ),
        InspectionProblem.LINE_MISSING: QCoreApplication.translate(
            "Problems", "Every item needs an entry."
        ),
        DecisionProblem.QTY_NOT_POSITIVE: QCoreApplication.translate(
            "Problems", "The quantity must be at least 1."
        ),
        DecisionProblem.QTY_ABOVE_RETURNABLE: QCoreApplication.translate(
            "Problems", "The quantity is more than is still returnable on this receipt."
        ),
        DecisionProblem.REFUND_ABOVE_PAID: QCoreApplication.translate(
            "Problems", "The refund is more than was paid for the item."
        ),
        DecisionProblem.REFUND_NEGATIVE: QCoreApplication.translate(
            "Problems", "The refund cannot be negative."
        ),
        DecisionProblem.EXCHANGE_ITEM_MISSING: QCoreApplication.translate(
            "Problems", "Choose the item the customer takes in exchange (a known SKU)."
        ),
        DecisionProblem.REPAIR_DATE_MISSING: QCoreApplication.translate(
            "Problems", "Give the date the repair will be ready."
        ),
        DecisionProblem.REPAIR_DATE_PAST: QCoreApplication.translate(
            "Problems", "The repair date is in the past."
        ),
        DecisionProblem.COMPENSATION_NOT_POSITIVE: QCoreApplication.translate(
            "Problems", "Enter a compensation amount above ¥0."
        ),
        DecisionProblem.COMPENSATION_ABOVE_PAID: QCoreApplication.translate(
            "Problems", "The compensation is more than was paid for the item."
        ),
        DecisionProblem.REJECT_REASON_MISSING: QCoreApplication.translate(
            "Problems", "Give the reason for rejecting."
        ),
        DecisionProblem.REASON_TOO_LONG: QCoreApplication.translate(
            "Problems", "The reason is too long: at most 10,000 characters."
        ),
    }
    return texts.get(code, code.value)


def auth_text(err: AuthError) -> str:
    if err.problem is AuthProblem.LOCKED:
        return QCoreApplication.translate(
            "Problems", "Too many wrong PINs for this staff number. Wait {0} seconds and try again."
        ).format(err.seconds)
    return {
        AuthProblem.EMPTY: QCoreApplication.translate(
            "Problems", "Enter the staff number and the PIN."
        ),
        AuthProblem.UNKNOWN_STAFF: QCoreApplication.translate(
            "Problems", "Wrong staff number or PIN. Check both and try again."
        ),
        AuthProblem.WRONG_PIN: QCoreApplication.translate(
            "Problems", "Wrong staff number or PIN. Check both and try again."
        ),
        AuthProblem.INACTIVE: QCoreApplication.translate(
            "Problems", "This staff account is disabled. Ask the store manager."
        ),
        AuthProblem.NOT_MANAGER: QCoreApplication.translate(
            "Problems",
            "Only a store manager can approve. Ask a manager to enter their number and PIN.",
        ),
        AuthProblem.SAME_AS_CASHIER: QCoreApplication.translate(
            "Problems", "The manager approving must be someone other than the cashier on this case."
        ),
    }[err.problem]


def document_label(document: str) -> str:
    return {
        "slip": QCoreApplication.translate("Problems", "Return slip"),
        "receipt": QCoreApplication.translate("Problems", "Customer receipt"),
    }.get(document, document)


def print_text(document: str, outcome: PrintOutcome) -> str:
    """What happened to a print job, and what to do if it did not print."""
    from ..printing.queues import PrintProblem

    doc, queue = document_label(document), outcome.queue or ""
    if outcome.problem is None:  # .ok, spelled out so that the problem below is known
        return QCoreApplication.translate("Problems", "{0}: printed on {1}.").format(doc, queue)
    texts = {
        PrintProblem.TIMEOUT: QCoreApplication.translate(
            "Problems", "{0}: waiting in the queue of {1}; it prints when the printer is ready."
        ),
        PrintProblem.NO_PRINTER: QCoreApplication.translate(
            "Problems",
            "{0}: no printer is set for it. Choose one in Settings (F9), or save the PDF.",
        ),
        PrintProblem.MISSING: QCoreApplication.translate(
            "Problems",
            "{0}: printer {1} is not on this computer any more. Check it, or choose another "
            "in Settings (F9). The case is saved.",
        ),
        PrintProblem.STOPPED: QCoreApplication.translate(
            "Problems",
            "{0}: printer {1} is stopped. Start it again (or ask IT), then press Retry. The "
            "case is saved.",
        ),
        PrintProblem.REJECTING: QCoreApplication.translate(
            "Problems",
            "{0}: printer {1} refuses jobs. Ask IT to let it accept jobs, then press Retry. "
            "The case is saved.",
        ),
        PrintProblem.NO_CUPS: QCoreApplication.translate(
            "Problems",
            "{0}: this computer has no printing system. Save the PDF and print it elsewhere. "
            "The case is saved.",
        ),
        PrintProblem.FAILED: QCoreApplication.translate(
            "Problems",
            "{0}: printer {1} could not print it ({2}). The case is saved: press Retry or "
            "save the PDF.",
        ),
    }
    return texts[outcome.problem].format(doc, queue, outcome.detail)

"""The case services: what the screens may do with a case, and read of it.

- :mod:`.inputs`: what the screens hand in, and the codes of what is wrong with it;
- :mod:`.actions`: the user actions, one transaction each (open, inspect, submit, decide,
  approve, complete, cancel, revise);
- :mod:`.queries`: the case list, a case's page, the decision screen's form;
- :mod:`.store`: loading a case, its audit and outbox events (internal).
"""

from ...contract import MAX_CODE, MAX_NAME, MAX_TEXT
from ...domain.decide import InspectionProblem
from .actions import (
    approve_case,
    cancel_case,
    complete_case,
    decide_case,
    open_case,
    record_inspection,
    revise_case,
    submit_case,
)
from .inputs import (
    CaseNotFound,
    CaseRefused,
    DecisionInput,
    InspectionInput,
    IntakeInput,
    IntakeProblem,
    SubmitResult,
    check_intake,
)
from .queries import (
    CaseDetail,
    CaseLineDetail,
    CaseRow,
    CaseScope,
    Conflict,
    DecisionForm,
    TimelineEntry,
    case_detail,
    decision_form,
    list_cases,
    sale_for_case,
)

__all__ = [
    "MAX_CODE",
    "MAX_NAME",
    "MAX_TEXT",
    "CaseDetail",
    "CaseLineDetail",
    "CaseNotFound",
    "CaseRefused",
    "CaseRow",
    "CaseScope",
    "Conflict",
    "DecisionForm",
    "DecisionInput",
    "InspectionInput",
    "InspectionProblem",
    "IntakeInput",
    "IntakeProblem",
    "SubmitResult",
    "TimelineEntry",
    "approve_case",
    "cancel_case",
    "case_detail",
    "check_intake",
    "complete_case",
    "decide_case",
    "decision_form",
    "list_cases",
    "open_case",
    "record_inspection",
    "revise_case",
    "sale_for_case",
    "submit_case",
]

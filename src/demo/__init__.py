"""The demo store (演示门店): a realistic store to learn and show the desk with.

:func:`seed_demo` fills an empty, migrated till database with the store 上海南京路店 (SH01),
its two tills (this app is till 2), four staff members, about sixty products and 120 days
of sales, some of them already partly returned at till 1. The same ``(today, seed)`` always
gives the same sales: there is no clock read in here, only ``random.Random(seed)``.

:func:`pick_training_receipts` names a dozen receipts, one per situation a cashier must
learn (the edges of the policy's windows, final sale, hygiene items, approval…).

:func:`history_rows` makes older sales with the same generator, as plain rows for Core
``insert()`` in big batches; ``bench/make_bench_db.py`` uses it to build a large database.

The modules, by what they make: :mod:`.store` (the store, its staff and catalogue),
:mod:`.sales` (the receipts), :mod:`.returns` (the earlier returns), :mod:`.training` (the
training situations), :mod:`.seed` (all of it into a database), and :mod:`.headoffice` (the
same store as head office's reference data; not imported here, so the till never loads it).

This room imports ``domain``, ``db`` and ``config`` (for the shipped policy) only, and
:mod:`.headoffice` also the reference models head office loads; the till's services and
head office's CLI (``serve --demo``) call into it.
"""

from __future__ import annotations

from .sales import HISTORY_DAYS, history_rows
from .seed import DemoSummary, default_policy, seed_demo
from .store import (
    CATEGORIES,
    DEFECT_BATCH,
    DEMO_CASHIER_NO,
    DEMO_HEAD_OFFICE_URL,
    DEMO_STAFF,
    DEMO_STORE_TOKEN,
    HYGIENE_CATEGORIES,
    OTHER_TILL,
    STORE_CODE,
    STORE_NAME,
    THIS_TILL,
    DemoItem,
    DemoStaff,
    DemoStore,
    load_demo_store,
)
from .training import TrainingDays, TrainingSituation, pick_training_receipts, training_labels

__all__ = [
    "CATEGORIES",
    "DEFECT_BATCH",
    "DEMO_CASHIER_NO",
    "DEMO_HEAD_OFFICE_URL",
    "DEMO_STAFF",
    "DEMO_STORE_TOKEN",
    "HISTORY_DAYS",
    "HYGIENE_CATEGORIES",
    "OTHER_TILL",
    "STORE_CODE",
    "STORE_NAME",
    "THIS_TILL",
    "DemoItem",
    "DemoStaff",
    "DemoStore",
    "DemoSummary",
    "TrainingDays",
    "TrainingSituation",
    "default_policy",
    "history_rows",
    "load_demo_store",
    "pick_training_receipts",
    "seed_demo",
    "training_labels",
]

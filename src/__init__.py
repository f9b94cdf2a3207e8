"""Aftersales Desk (售后台): the after-sales counter for clothing stores.

Rooms, in the one direction data flows (see docs/architecture.md):
``views`` -> ``ui`` -> ``services`` -> ``domain`` / ``db`` / ``printing``.
"""

__version__ = "0.1.0"

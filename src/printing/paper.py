"""The papers a document can be printed on.

Kept apart from the renderers (and free of reportlab) so that the settings screen can
offer the choice without loading anything heavy.
"""

from __future__ import annotations

from enum import StrEnum


class Paper(StrEnum):
    """A paper size; the value is what the settings store.

    Attributes:
        THERMAL_80: an 80 mm receipt roll, cut where the content ends.
        A4: A4 portrait sheets, as many as the content needs.
    """

    THERMAL_80 = "80mm"
    A4 = "a4"

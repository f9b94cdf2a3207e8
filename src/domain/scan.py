"""Receipt barcodes and case numbers, and reading what a scanner typed.

Receipt barcode (Code128): ``R`` + store code (4 of ``A-Z0-9``) + till (2 digits) + sale
date ``YYMMDD`` + sequence (4 digits) + one check character, 18 characters in all, e.g.
``RSH01022611230042`` + its check character. The check character is ISO 7064 MOD 37-2
over everything after the ``R`` (one of ``0-9``, ``A-Z`` or ``*``): a pure check system
with a prime modulus, so it catches every single wrong character and every swap of two
different neighbours. The receipt number people read is ``SH01-02-261123-0042``.

Case number: store code, date, till and a per-till daily sequence, e.g.
``SH01-261123-02-0007``: unique without asking head office, and readable on the phone.

Scanners at Chinese counters add things around a code: AIM symbology identifiers
(``]C0``), STX/ETX, CR/LF/Tab, full-width characters when an input method is on, and
store-configured prefixes or suffixes. :func:`read_scan` strips all of that, finds the
code inside and checks it; it returns a code for each way a scan can be bad.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CHECK_ALPHABET = _ALNUM + "*"
MAX_SCAN_LENGTH = 64

# A look-ahead, so that a prefix ending in "R" cannot hide the real code behind a false match.
# [0-9], not \d: \d also matches digits of other scripts, which NFKC leaves alone.
_RECEIPT_BODY = re.compile(r"(?=R([A-Z0-9]{4})([0-9]{2})([0-9]{6})([0-9]{4})([A-Z0-9*]))")
_RECEIPT_NO = re.compile(r"^([A-Z0-9]{4})-([0-9]{2})-([0-9]{6})-([0-9]{4})$")
_CASE_NO = re.compile(r"([A-Z0-9]{4})-([0-9]{6})-([0-9]{2})-([0-9]{4})")
_AIM_ID = re.compile(r"\][A-Za-z][0-9A-Za-z]")


def check_char(body: str) -> str:
    """ISO 7064 MOD 37-2 check character for ``body`` (``A-Z0-9``)."""
    p = 0
    for ch in body:
        p = ((p + _ALNUM.index(ch)) * 2) % 37
    return _CHECK_ALPHABET[(38 - p) % 37]


@dataclass(frozen=True, slots=True)
class ReceiptCode:
    store_code: str
    till_no: int
    sale_date: date
    seq: int

    @property
    def receipt_no(self) -> str:
        return f"{self.store_code}-{self.till_no:02d}-{self.sale_date:%y%m%d}-{self.seq:04d}"

    @property
    def barcode(self) -> str:
        body = f"{self.store_code}{self.till_no:02d}{self.sale_date:%y%m%d}{self.seq:04d}"
        return "R" + body + check_char(body)

    @classmethod
    def from_receipt_no(cls, receipt_no: str) -> ReceiptCode:
        m = _RECEIPT_NO.match(receipt_no)
        if not m:
            raise ValueError(receipt_no)
        store, till, ymd, seq = m.groups()
        return cls(store, int(till), _yymmdd(ymd), int(seq))


def case_number(store_code: str, day: date, till_no: int, seq: int) -> str:
    if not 0 < seq <= 9999:
        raise ValueError("case sequence out of range")
    return f"{store_code}-{day:%y%m%d}-{till_no:02d}-{seq:04d}"


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """A case number read back into its parts (see :func:`case_number`)."""

    store_code: str
    day: date
    till_no: int
    seq: int

    def __str__(self) -> str:
        return case_number(self.store_code, self.day, self.till_no, self.seq)


def parse_case_number(text: str) -> CaseNumber | None:
    """The parts of a case number as :func:`case_number` writes it; None if ``text`` is
    not one (another shape, a day that does not exist, sequence 0)."""
    m = _CASE_NO.fullmatch(text)
    if not m:
        return None
    store, ymd, till, seq = m.groups()
    try:
        day = _yymmdd(ymd)
    except ValueError:
        return None
    if int(seq) == 0:
        return None
    return CaseNumber(store, day, int(till), int(seq))


def till_of_case(case_no: str) -> int | None:
    """The till number a case number was made at; None if it is not a case number."""
    parsed = parse_case_number(case_no)
    return parsed.till_no if parsed else None


class ScanProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_A_CODE = "not_a_code"
    BAD_CHECK = "bad_check"
    BAD_DATE = "bad_date"


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan was: a receipt, a case number, or a problem (exactly one is set).

    Attributes:
        receipt: the most likely receipt.
        candidates: every reading whose check character holds, most likely first. A
            store-configured prefix or suffix can, rarely, frame a second valid-looking
            code; the caller looks them up in turn, and only the real one exists.
    """

    receipt: ReceiptCode | None = None
    case_no: str | None = None
    problem: ScanProblem | None = None
    cleaned: str = ""
    candidates: tuple[ReceiptCode, ...] = ()


def clean_scan(raw: str) -> str:
    """Full-width to ASCII, drop control characters, AIM identifiers and spaces; upper-case."""
    s = unicodedata.normalize("NFKC", raw)
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C")
    s = _AIM_ID.sub("", s)
    return re.sub(r"\s+", "", s).upper()


def _yymmdd(text: str) -> date:
    return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))


def read_scan(raw: str) -> ScanResult:
    """Read what a scanner or a person typed into the scan field."""
    if len(raw) > MAX_SCAN_LENGTH * 2:
        return ScanResult(problem=ScanProblem.TOO_LONG)
    s = clean_scan(raw)
    if not s:
        return ScanResult(problem=ScanProblem.EMPTY)
    if len(s) > MAX_SCAN_LENGTH:
        return ScanResult(problem=ScanProblem.TOO_LONG, cleaned=s[:MAX_SCAN_LENGTH])

    problem = ScanProblem.NOT_A_CODE
    # A receipt printed with its number in words, typed by hand.
    m = _RECEIPT_NO.match(s)
    if m:
        try:
            code = ReceiptCode.from_receipt_no(s)
            return ScanResult(receipt=code, cleaned=s, candidates=(code,))
        except ValueError:
            return ScanResult(problem=ScanProblem.BAD_DATE, cleaned=s)
    found: list[ReceiptCode] = []
    for m in _RECEIPT_BODY.finditer(s):
        store, till, ymd, seq, check = m.groups()
        if check_char(store + till + ymd + seq) != check:
            problem = ScanProblem.BAD_CHECK
            continue
        try:
            code = ReceiptCode(store, int(till), _yymmdd(ymd), int(seq))
        except ValueError:
            problem = ScanProblem.BAD_DATE
            continue
        found.append(code)
    if found:
        # A scan that is exactly a code (the usual case) comes first; then the reading
        # that starts latest, since scanners add prefixes more often than suffixes.
        exact = [c for c in found if c.barcode == s]
        ordered = exact + [c for c in reversed(found) if c not in exact]
        return ScanResult(receipt=ordered[0], cleaned=s, candidates=tuple(ordered))
    m = _CASE_NO.search(s)
    if m and problem is ScanProblem.NOT_A_CODE:
        return ScanResult(case_no=m.group(0), cleaned=s)
    return ScanResult(problem=problem, cleaned=s)

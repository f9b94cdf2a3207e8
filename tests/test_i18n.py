"""Every word on screen and on paper has its Simplified Chinese, and the catalogue is current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aftersales.domain.codes import (
    Channel,
    DamageType,
    Disposition,
    Liability,
    ProblemCategory,
    Resolution,
    Role,
    Tender,
)
from aftersales.domain.liability import LiabilityReason
from aftersales.domain.states import CaseStatus
from aftersales.i18n import catalog, label

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "aftersales_zh_CN.ts"
VOCABULARIES = [
    Channel,
    Disposition,
    ProblemCategory,
    Resolution,
    DamageType,
    Liability,
    LiabilityReason,
    CaseStatus,
    Role,
    Tender,
]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_code_has_its_own_chinese_label(vocabulary) -> None:
    zh = [label(code, "zh_CN") for code in vocabulary]
    en = [label(code, "en") for code in vocabulary]
    # Translated (Chinese characters, not the English source) and never two codes alike.
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in zh), zh
    assert len(set(zh)) == len(zh), zh
    assert len(set(en)) == len(en), en


def test_catalogue_is_complete_with_placeholders_intact() -> None:
    root = ET.parse(TS).getroot()
    unfinished, broken = [], []
    for msg in root.iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        text = (tr.text or "") if tr is not None else ""
        if tr is None or tr.get("type") == "unfinished" or not text.strip():
            unfinished.append(source)
        elif sorted(re.findall(r"\{[^}]*\}", source)) != sorted(re.findall(r"\{[^}]*\}", text)):
            broken.append(source)
    assert unfinished == []
    assert broken == []
    assert len(catalog("zh_CN").messages) > 250


def test_catalogue_holds_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over the sources finds nothing the committed catalogue lacks."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    copy = tmp_path / "check.ts"
    shutil.copyfile(TS, copy)
    sources = [str(p) for p in sorted((ROOT / "src").rglob("*.py")) if "migrations" not in p.parts]
    out = subprocess.run(
        [str(lupdate), *sources, "-ts", str(copy), "-no-obsolete"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Found (\d+) source text\(s\) \((\d+) new", out)
    assert found, out
    assert found.group(2) == "0", f"strings missing from {TS.name}: run lupdate ({out.strip()})"

"""The embedded font: loaded once, from any thread, with a clear error when it is missing."""

from __future__ import annotations

import threading

import pytest
import reportlab.pdfbase.ttfonts as ttfonts
from reportlab.pdfbase import pdfmetrics

from aftersales.printing import fonts


def test_ensure_fonts_registers_a_cjk_font(font: str) -> None:
    assert fonts.ensure_fonts() == font == fonts.FONT_NAME
    assert fonts.fonts_ready()
    registered = pdfmetrics.getFont(font)
    # The font has the glyphs a slip needs (a missing glyph prints as a box).
    for ch in "售后退货单顾客签字¥·，（）":
        assert ord(ch) in registered.face.charToGlyph, ch


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the font was never loaded (the real one is restored afterwards)."""
    monkeypatch.setattr(fonts, "_registered", None)


def test_concurrent_callers_load_the_font_once(
    unloaded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = []
    real = ttfonts.TTFont

    def counting(*args: object, **kwargs: object) -> ttfonts.TTFont:
        loads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(ttfonts, "TTFont", counting)
    start = threading.Barrier(8)
    names: list[str] = []

    def call() -> None:
        start.wait()
        names.append(fonts.ensure_fonts())

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert names == [fonts.FONT_NAME] * 8
    assert len(loads) == 1


def test_preload_runs_in_a_daemon_thread(unloaded: None) -> None:
    thread = fonts.preload_fonts_in_background()
    assert thread.daemon
    thread.join()
    assert fonts.fonts_ready()


def test_missing_font_file_is_a_clear_error(
    unloaded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_FONT_FILE", "no-such-font.ttc")
    with pytest.raises(fonts.FontUnavailableError, match="no-such-font.ttc.*reinstall"):
        fonts.ensure_fonts()
    # Nothing half-registered: a later call (after a repair) tries again.
    assert not fonts.fonts_ready()


def test_failed_preload_is_logged_not_raised(
    unloaded: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(fonts, "_FONT_FILE", "no-such-font.ttc")
    fonts.preload_fonts_in_background().join()
    assert not fonts.fonts_ready()
    assert "Preloading the printing font failed" in caplog.text

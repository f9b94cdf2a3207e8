"""The one font every printed document uses, loaded once.

reportlab's built-in fonts (Helvetica, Courier) have no Chinese glyphs and are never
embedded, and its CID fonts (``STSong-Light``) are not embedded either, so a till without
a CJK font would print blanks. We therefore embed a TrueType-outline CJK font, WenQuanYi
Micro Hei, shipped in ``aftersales.resources``; reportlab embeds only the glyphs a
document uses, with a ToUnicode map so the text can be searched and copied.

Parsing the 5 MB font takes about 150 ms, too long for the GUI thread: the app calls
:func:`preload_fonts_in_background` at start, and every renderer calls
:func:`ensure_fonts`, which returns at once when the font is loaded, or waits for the
load already under way rather than starting a second one.

Typical use::

    from aftersales.printing.fonts import ensure_fonts

    font = ensure_fonts()
    canvas = Canvas(buf, initialFontName=font, initialFontSize=9)
"""

from __future__ import annotations

import importlib.resources
import logging
import threading

log = logging.getLogger(__name__)

#: The name the font is registered under with reportlab (any ASCII name would do; this
#: one says what it is when seen in ``pdffonts``).
FONT_NAME = "WenQuanYiMicroHei"

_RESOURCE_PACKAGE = "aftersales.resources"
_FONT_DIR = "fonts"
_FONT_FILE = "wqy-microhei.ttc"
# wqy-microhei.ttc holds two faces: 0 is the proportional "WenQuanYi Micro Hei",
# 1 is "Micro Hei Mono". The proportional one reads better on narrow paper.
_SUBFONT_INDEX = 0

_lock = threading.Lock()
_registered: str | None = None


class FontUnavailableError(RuntimeError):
    """The bundled CJK font is missing or unreadable (a broken install, not a bug)."""


def ensure_fonts() -> str:
    """Register the bundled CJK font with reportlab, once, and return its name.

    Safe to call from any thread and as often as wanted: the first call loads the font
    (about 150 ms), concurrent callers wait for that load, later calls return at once.

    Returns:
        The font name to pass to ``Canvas(initialFontName=...)``, ``setFont`` and
        barcode widgets.

    Raises:
        FontUnavailableError: the font file is missing or cannot be parsed. Nothing is
            registered, so a later call tries again (after, say, a repair install).
    """
    # Fast path without the lock: once set, ``_registered`` never changes, and reading
    # a module global is atomic, so the common case costs no lock round-trip.
    if _registered is not None:
        return _registered
    return _load_locked()


def _load_locked() -> str:
    global _registered
    with _lock:
        # Another thread may have finished the load while we waited for the lock.
        if _registered is not None:
            return _registered
        # Imported here so that importing this module (e.g. from the GUI at start) does
        # not pull in reportlab before the window shows.
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        # One "/" per level: on Python 3.11 a namespace package's files() is a
        # MultiplexedPath, whose joinpath() takes a single name.
        resource = importlib.resources.files(_RESOURCE_PACKAGE) / _FONT_DIR / _FONT_FILE
        try:
            # as_file() gives a real path even from a zip or a frozen bundle. The
            # temporary copy it may make is deleted on exit, which is fine: TTFont reads
            # the whole file into memory and never opens it again.
            with importlib.resources.as_file(resource) as path:
                font = TTFont(FONT_NAME, str(path), subfontIndex=_SUBFONT_INDEX)
        except (ModuleNotFoundError, OSError, TTFError) as exc:
            raise FontUnavailableError(
                f"The printing font {_FONT_DIR}/{_FONT_FILE} could not be loaded ({exc}); "
                "reinstall Aftersales Desk to restore it."
            ) from exc
        pdfmetrics.registerFont(font)
        _registered = FONT_NAME
        log.debug("Registered printing font %s", FONT_NAME)
        return _registered


def fonts_ready() -> bool:
    """Whether :func:`ensure_fonts` would return without loading anything."""
    return _registered is not None


def preload_fonts_in_background() -> threading.Thread:
    """Start loading the font on a daemon thread, so the first print does not wait.

    A failure is logged, not raised (there is nobody to raise it to on that thread);
    the next :func:`ensure_fonts` call tries again and raises it where it can be shown.

    Returns:
        The started thread, e.g. for a test to ``join()``.
    """

    def _preload() -> None:
        try:
            ensure_fonts()
        except FontUnavailableError:
            log.exception("Preloading the printing font failed")

    # Daemon: quitting the app must never wait for a font load.
    thread = threading.Thread(target=_preload, name="preload-fonts", daemon=True)
    thread.start()
    return thread

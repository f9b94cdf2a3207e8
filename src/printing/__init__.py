"""Printable documents: the 80 mm return slip and the demo sales receipts for training.

Import from the submodules (``aftersales.printing.slip``, ``aftersales.printing.receipts``,
``aftersales.printing.fonts``) rather than from this package: importing reportlab costs
time, and the window must show before any of it is loaded, so this package imports
nothing itself.

Every PDF made here embeds its one font, WenQuanYi Micro Hei, as a subset: a store's
till may have no CJK font at all, and a PDF that relies on the viewer's fonts prints
Chinese as blanks there.
"""

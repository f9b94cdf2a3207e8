"""Printable documents: the return slip, the customer receipt and the training receipts.

The case documents, on an 80 mm roll or on A4 (``aftersales.printing.paper.Paper``):
``slip`` (the store's copy, 售后退货单) and ``customer_receipt`` (the customer's copy,
售后回执); they share their layout pieces in ``_document``. ``receipts`` prints demo
sales receipts for training; ``preview`` renders any of them to PNG for the screen.

Import from the submodules (``aftersales.printing.slip``, ``aftersales.printing.fonts``
...) rather than from this package: importing reportlab costs time, and the window must
show before any of it is loaded, so this package imports nothing itself.

Every PDF made here embeds its one font, WenQuanYi Micro Hei, as a subset: a store's
till may have no CJK font at all, and a PDF that relies on the viewer's fonts prints
Chinese as blanks there.
"""

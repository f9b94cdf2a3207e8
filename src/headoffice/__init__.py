"""The head-office service: every store's cases in one place (FastAPI).

Layout after the FastAPI full-stack template: ``core/`` (settings, database, security),
``models`` (tables), ``crud`` (keyword functions that never commit), ``api/`` (routes; each
request commits once, in the route). What goes over the wire is ``aftersales.contract``'s,
shared with the tills.
"""

"""Sending the till's outbox to head office (and, later, pulling reference data back).

Plain Python with the standard library's HTTP client: the UI runs it on a worker thread.
"""

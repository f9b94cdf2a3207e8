"""Business rules in plain Python: no Qt, no database sessions, no files.

Functions take data in and return frozen dataclasses out; rules return codes and
parameters, and the UI turns codes into translated sentences.
"""

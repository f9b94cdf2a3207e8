"""Which install holds each till number of a store, and the check of every batch's sender.

A till number is two digits of every case number the till makes, so two computers using
the same number (a second computer enrolled as that till, or a copy of a till's database)
would make the same case numbers. The first install to claim a number holds it; another is
refused until IT releases the number (``aftersales-headoffice release-till``).

Apart from :mod:`.crud` (the events themselves): these checks come before a batch is
applied, in the route.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import EventBatchIn, EventIn
from ..domain.scan import till_of_case
from ..sqltypes import utcnow
from .models import HOStore, HOTill

log = logging.getLogger("aftersales.headoffice.tills")

SEEN_EVERY = timedelta(minutes=1)
"""How stale ``last_seen_at`` may get before a batch writes it again (not every batch:
a till's batches would all wait on its row)."""


class TillInUse(Exception):
    """The till number is another install's, or the batch's events are of another till
    (``event``: the event at fault, None for a claim)."""

    def __init__(self, till_no: int, event: EventIn | None = None) -> None:
        super().__init__(f"till {till_no} is in use by another install")
        self.till_no, self.event = till_no, event


def claim_till(session: Session, *, store: HOStore, till_no: int, install_id: str) -> HOTill:
    """Hold ``till_no`` of ``store`` for ``install_id``: the first claim takes the number,
    its holder's later ones are seen; another install's raises :class:`TillInUse`.

    Two first claims at once: the one to commit second fails on the unique constraint
    (``IntegrityError`` at flush or commit); the route rolls back and claims again."""
    row = session.scalar(
        select(HOTill).where(HOTill.till_no == till_no, HOTill.store_id == store.id)
    )
    now = utcnow()
    if row is None:
        row = HOTill(
            store_id=store.id,
            till_no=till_no,
            install_id=install_id,
            claimed_at=now,
            last_seen_at=now,
        )
        session.add(row)
        session.flush()
        log.info("store %s till %d: claimed by install %s", store.code, till_no, install_id)
        return row
    if row.install_id != install_id:
        log.warning(
            "store %s till %d: install %s refused, the number is held by install %s",
            store.code,
            till_no,
            install_id,
            row.install_id,
        )
        raise TillInUse(till_no)
    if now - row.last_seen_at > SEEN_EVERY:
        row.last_seen_at = now
    return row


def check_sender(session: Session, *, store: HOStore, batch: EventBatchIn) -> None:
    """A batch that says who sends it: each case number must be of the sender's till, and
    the sender's install must hold that number (claimed now if nobody does: a till
    enrolled before installs had an identity claims it with its first batch). Raises
    :class:`TillInUse`; a batch that does not say (a till older than this) passes."""
    sender = batch.sender
    if sender is None:
        return
    for event in batch.events:
        till = till_of_case(event.case_no)
        if till is not None and till != sender.till_no:
            log.warning(
                "store %s: install %s as till %d sent case %s of till %d: refused",
                store.code,
                sender.install_id,
                sender.till_no,
                event.case_no,
                till,
            )
            raise TillInUse(sender.till_no, event)
    try:
        claim_till(session, store=store, till_no=sender.till_no, install_id=sender.install_id)
    except TillInUse as e:
        raise TillInUse(sender.till_no, batch.events[0]) from e


def case_number_taken(batch: EventBatchIn, event_id: str, expected: int) -> EventIn | None:
    """The event of a batch refused for a sequence gap, if the gap goes backwards: head
    office already holds that case number's event at its sequence, and another one (not
    this event id). Another computer made the same case number: a copy of this till, or
    this till restored from an older backup. None for a real gap, or a till that does not
    say who it is."""
    if batch.sender is None:
        return None
    event = next((e for e in batch.events if e.event_id == event_id), None)
    return event if event is not None and event.seq < expected else None


def release_till(session: Session, *, store: HOStore, till_no: int) -> HOTill | None:
    """Free a till number (IT: the computer holding it is gone, or another is to take
    it): the next install to claim it holds it. The row released, or None if the number
    was not held."""
    row = session.scalar(
        select(HOTill).where(HOTill.till_no == till_no, HOTill.store_id == store.id)
    )
    if row is not None:
        session.delete(row)
        session.flush()
    return row

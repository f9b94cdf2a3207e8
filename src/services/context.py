"""Who and where: the till a service acts for, and the staff member acting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..config import resource
from ..db.engine import Database
from ..db.models import AppSetting, PolicyDoc, Store
from ..domain.policy import Policy, PolicyError


class NotEnrolled(Exception):
    """The data directory has no store: this till does not know where it belongs yet."""


@dataclass(frozen=True, slots=True)
class TillContext:
    store_id: int
    store_code: str
    store_name: str
    store_phone: str
    till_no: int
    policy: Policy
    demo: bool = False


def load_default_policy() -> Policy:
    return Policy.from_toml(resource("policy", "default_policy.toml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """The store's policy file could not be used; the built-in policy is used instead."""

    path: Path
    key: str
    problem: str


def load_store_policy(path: Path) -> tuple[Policy, PolicyProblem | None]:
    """The store's own policy file if there is one and it is valid, else the built-in one.

    A bad file never stops the till: it works on the built-in policy and the problem
    (which key, what is wrong) is reported so that someone corrects the file.
    """
    if not path.exists():
        return load_default_policy(), None
    try:
        return Policy.from_toml(path.read_text("utf-8")), None
    except PolicyError as e:
        return load_default_policy(), PolicyProblem(path, e.key, e.problem)
    except (OSError, UnicodeDecodeError) as e:
        return load_default_policy(), PolicyProblem(path, "(file)", str(e))


def load_policy(db: Database, path: Path) -> tuple[Policy, PolicyProblem | None]:
    """The policy for new cases: the newest head office published, else the store's own
    file, else the built-in one (with the problem, if a file could not be used)."""
    with db.read() as s:
        doc = s.scalar(select(PolicyDoc).order_by(PolicyDoc.published_at.desc()).limit(1))
        toml, version = (doc.toml, doc.version) if doc is not None else (None, "")
    if toml is None:
        return load_store_policy(path)
    try:
        return Policy.from_toml(toml), None
    except PolicyError as e:  # checked when it was pulled: only a damaged database
        policy, _ = load_store_policy(path)
        return policy, PolicyProblem(Path(f"policy {version}"), e.key, e.problem)


def load_till_context(db: Database, policy: Policy | None = None) -> TillContext:
    """This till's store and number, from its settings; :class:`NotEnrolled` if none."""
    with db.read() as s:
        settings = {r.key: r.value for r in s.scalars(select(AppSetting))}
        code = settings.get("store_code")
        store = s.scalar(select(Store).where(Store.code == code)) if code else None
        if store is None or "till_no" not in settings:
            raise NotEnrolled()
        return TillContext(
            store_id=store.id,
            store_code=store.code,
            store_name=store.name,
            store_phone=store.phone,
            till_no=int(settings["till_no"]),
            policy=policy or load_default_policy(),
            demo=settings.get("demo") == "1",
        )

"""The return policy (退换货政策): loaded from data, evaluated per line.

The policy is a TOML document (``resources/policy/default_policy.toml``); head office
publishes new versions. :meth:`Policy.from_mapping` validates it and names the bad key;
:meth:`Policy.evaluate_line` says, for one item, which resolutions the policy allows,
which one to suggest and which rules decided, with their reasons in Chinese and English;
:meth:`Policy.approval_reasons` says why a whole case needs a manager.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .clock import DateTrust
from .codes import RESOLUTION_PREFERENCE, DamageType, ProblemCategory, Resolution
from .money import format_fen

# The placeholders each rule's text may use: the evaluation fills exactly these.
RULE_PARAMS: dict[str, frozenset[str]] = {
    **{
        r: frozenset({"days"})
        for r in (
            "NR_REFUND",
            "NR_EXCHANGE",
            "NR_EXPIRED",
            "DEF_REFUND",
            "DEF_REPAIR",
            "DEF_COMPENSATION",
            "DEF_EXPIRED",
        )
    },
    **{r: frozenset({"amount", "limit"}) for r in ("APPROVAL_REFUND", "APPROVAL_COMPENSATION")},
    "CLOCK_OFF": frozenset({"minutes", "days"}),
    "SALE_IN_FUTURE": frozenset({"minutes"}),
}

RULE_IDS = (
    "NR_REFUND",
    "NR_EXCHANGE",
    "NR_EXPIRED",
    "NR_CONDITION",
    "FINAL_SALE",
    "HYGIENE",
    "DEF_REFUND",
    "DEF_REPAIR",
    "DEF_COMPENSATION",
    "DEF_EXPIRED",
    "DEF_NOT_FOUND",
    "SERVICE",
    "OTHER",
    "APPROVAL_REFUND",
    "APPROVAL_COMPENSATION",
    "APPROVAL_OVERRIDE",
    "CLOCK_OFF",
    "SALE_IN_FUTURE",
)

DATE_RULES = frozenset({"CLOCK_OFF", "SALE_IN_FUTURE"})
"""The rules that say the days since the sale cannot be counted on (:class:`DateTrust`):
whatever staff decide by the date then goes to a manager, a rejection included (the
window it was rejected by may not have passed)."""

BUILT_IN_TEXTS: dict[str, tuple[str, str]] = {
    "CLOCK_OFF": (
        "本机时钟与总部相差 {minutes} 分钟（按总部时间，购买已 {days} 天）："
        "按购买天数的判定需店长审批；请校准本机日期和时间。",
        "This till's clock differs from head office's by {minutes} minutes (by head "
        "office's clock the sale is {days} days old): a decision by days since purchase "
        "needs a manager's approval; set the till's date and time right.",
    ),
    "SALE_IN_FUTURE": (
        "销售时间晚于本机时钟 {minutes} 分钟（小票日期在未来）："
        "需店长审批；请核对小票和本机日期时间。",
        "The sale is dated {minutes} minutes after this till's clock (in the future): a "
        "manager must approve; check the receipt and the till's date and time.",
    ),
}
"""The wording of rules a policy document may leave out (documents published before they
existed have none); a document's ``[rules.CLOCK_OFF]`` words it its own way."""


class PolicyError(ValueError):
    """The policy document is not valid.

    Attributes:
        key: the dotted key that is wrong, e.g. ``no_reason.refund_days``.
        problem: what is wrong with it, in English (for logs and the message box).
    """

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that took part in a verdict, with its reason in both languages."""

    rule_id: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What the policy needs to know about one returned item."""

    days_since_purchase: int
    category: ProblemCategory
    final_sale: bool = False
    hygiene: bool = False
    tags_attached: bool = True
    unworn: bool = True
    unwashed: bool = True
    stains: bool = False
    odour: bool = False
    damage: DamageType = DamageType.NONE
    wanted: Resolution | None = None
    date: DateTrust = DateTrust()  # whether ``days_since_purchase`` can be counted on


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """The policy's answer for one item.

    Attributes:
        allowed: resolutions the policy allows (reject is always allowed).
        suggested: the customer's wish if allowed, else the first allowed, else reject.
        rules: the rules that decided, in order.
        needs_approval: the item itself is outside the normal range (a manager decides).
        date_doubted: the verdict counts days since the sale, and they cannot be counted
            on (:data:`DATE_RULES`): nothing of it is within the policy for sure.
    """

    allowed: frozenset[Resolution]
    suggested: Resolution
    rules: tuple[RuleHit, ...]
    needs_approval: bool = False
    date_doubted: bool = False

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(h.rule_id for h in self.rules)

    def reason(self, lang: str = "zh") -> str:
        return " ".join(h.reason_zh if lang == "zh" else h.reason_en for h in self.rules)

    def rules_for(self, resolution: Resolution) -> tuple[RuleHit, ...]:
        """The rules behind choosing ``resolution``: those that allow it, or, for a
        rejection or a choice outside the policy, those that limit the item."""
        ids = _RULES_ALLOWING.get(resolution, frozenset())
        hits = tuple(h for h in self.rules if h.rule_id in ids)
        if resolution in self.allowed and hits:
            return hits
        limits = tuple(h for h in self.rules if h.rule_id in _LIMITING_RULES)
        return limits or self.rules


_RULES_ALLOWING: dict[Resolution, frozenset[str]] = {
    Resolution.REFUND: frozenset({"NR_REFUND", "DEF_REFUND"}),
    Resolution.EXCHANGE: frozenset({"NR_EXCHANGE", "DEF_REFUND"}),
    Resolution.REPAIR: frozenset({"DEF_REPAIR"}),
    Resolution.COMPENSATION: frozenset({"DEF_COMPENSATION", "SERVICE"}),
}
_ITEM_APPROVAL = frozenset({"DEF_NOT_FOUND", "SERVICE", "OTHER"})
"""Rules that put the item itself before a manager, unless it is rejected."""
_LIMITING_RULES = frozenset(
    {
        "NR_EXPIRED",
        "NR_CONDITION",
        "FINAL_SALE",
        "HYGIENE",
        "DEF_EXPIRED",
        "DEF_NOT_FOUND",
        "OTHER",
        "SERVICE",
    }
)


@dataclass(frozen=True, slots=True)
class LineOutcome:
    """What staff decided for one item, as the approval check needs it."""

    verdict: LineVerdict
    resolution: Resolution
    refund_fen: int = 0
    compensation_fen: int = 0
    liability_overridden: bool = False
    money_back_fen: int = 0  # an exchange to a cheaper item: the difference paid back


@dataclass(frozen=True, slots=True)
class _Window:
    categories: frozenset[ProblemCategory]
    refund_days: int
    exchange_days: int
    repair_days: int = 0
    compensation_days: int = 0


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    no_reason: _Window
    require_tags: bool
    require_unworn: bool
    require_unwashed: bool
    defect: _Window
    final_sale_no_reason: bool
    hygiene_no_reason: bool
    refund_above_fen: int
    compensation_above_fen: int
    approval_on_override: bool
    refund_working_days: int
    refund_to_original_tender: bool
    prorate_on_paid: bool
    texts: Mapping[str, tuple[str, str]] = field(repr=False)

    # -- loading -----------------------------------------------------------------------

    @classmethod
    def from_toml(cls, text: str) -> Policy:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise PolicyError("(file)", f"not valid TOML: {e}") from e
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        r = _Reader(data)
        version = r.text("version")
        nr_cats = r.categories("no_reason.categories")
        def_cats = r.categories("defect.categories")
        if nr_cats & def_cats:
            raise PolicyError("defect.categories", "a category cannot be both no-reason and defect")
        policy = cls(
            version=version,
            no_reason=_Window(
                nr_cats, r.days("no_reason.refund_days"), r.days("no_reason.exchange_days")
            ),
            require_tags=r.flag("no_reason.require_tags"),
            require_unworn=r.flag("no_reason.require_unworn"),
            require_unwashed=r.flag("no_reason.require_unwashed"),
            defect=_Window(
                def_cats,
                r.days("defect.refund_days"),
                r.days("defect.exchange_days"),
                r.days("defect.repair_days"),
                r.days("defect.compensation_days"),
            ),
            final_sale_no_reason=r.flag("final_sale.no_reason"),
            hygiene_no_reason=r.flag("hygiene.no_reason"),
            refund_above_fen=r.fen("approval.refund_above_fen"),
            compensation_above_fen=r.fen("approval.compensation_above_fen"),
            approval_on_override=r.flag("approval.on_override"),
            refund_working_days=r.days("refund.working_days"),
            refund_to_original_tender=r.required_true("refund.to_original_tender"),
            prorate_on_paid=r.required_true("refund.prorate_on_paid"),
            texts=r.rule_texts(),
        )
        r.refuse_unknown()
        for section in ("no_reason", "defect"):
            w = getattr(policy, section)
            if w.exchange_days < w.refund_days:
                raise PolicyError(
                    f"{section}.exchange_days",
                    "must be at least refund_days (an item that can be refunded can be exchanged)",
                )
        return policy

    # -- evaluation --------------------------------------------------------------------

    def _hit(self, rule_id: str, **params: Any) -> RuleHit:
        zh, en = self.texts[rule_id]
        return RuleHit(rule_id, zh.format(**params), en.format(**params))

    def condition_ok(self, f: LineFacts) -> bool:
        """Whether the item is fit for a no-reason return."""
        return self.as_new(
            tags_attached=f.tags_attached,
            unworn=f.unworn,
            unwashed=f.unwashed,
            stains=f.stains,
            odour=f.odour,
            damage=f.damage,
        )

    def as_new(
        self,
        *,
        tags_attached: bool,
        unworn: bool,
        unwashed: bool,
        stains: bool,
        odour: bool,
        damage: DamageType,
    ) -> bool:
        """Whether an inspected item is in the condition this policy sells again."""
        return (
            (tags_attached or not self.require_tags)
            and (unworn or not self.require_unworn)
            and (unwashed or not self.require_unwashed)
            and not stains
            and not odour
            and damage is DamageType.NONE
        )

    def evaluate_line(self, f: LineFacts) -> LineVerdict:
        d = f.days_since_purchase
        allowed: set[Resolution] = set()
        hits: list[RuleHit] = []
        needs_approval = False
        by_date = False  # the verdict counts the days since the sale
        if f.category in self.no_reason.categories:
            w = self.no_reason
            if f.final_sale and not self.final_sale_no_reason:
                hits.append(self._hit("FINAL_SALE"))
            elif f.hygiene and not self.hygiene_no_reason:
                hits.append(self._hit("HYGIENE"))
            elif not self.condition_ok(f):
                hits.append(self._hit("NR_CONDITION"))
            else:
                by_date = True
                if d <= w.refund_days:
                    allowed.add(Resolution.REFUND)
                    hits.append(self._hit("NR_REFUND", days=w.refund_days))
                elif d <= w.exchange_days:
                    hits.append(self._hit("NR_EXPIRED", days=w.refund_days))
                if d <= w.exchange_days:
                    allowed.add(Resolution.EXCHANGE)
                    hits.append(self._hit("NR_EXCHANGE", days=w.exchange_days))
                else:
                    hits.append(self._hit("NR_EXPIRED", days=w.exchange_days))
        elif f.category in self.defect.categories:
            w = self.defect
            # Stains and odour are signs of use, not of a defect: without damage found, a
            # defect claim goes to a manager.
            if f.damage is DamageType.NONE:
                hits.append(self._hit("DEF_NOT_FOUND"))
                needs_approval = True
            else:
                by_date = True
                if d <= w.refund_days:
                    allowed.add(Resolution.REFUND)
                if d <= w.exchange_days:
                    allowed.add(Resolution.EXCHANGE)
                if d <= max(w.refund_days, w.exchange_days):
                    hits.append(self._hit("DEF_REFUND", days=max(w.refund_days, w.exchange_days)))
                if d <= w.compensation_days:
                    allowed.add(Resolution.COMPENSATION)
                    hits.append(self._hit("DEF_COMPENSATION", days=w.compensation_days))
                if d <= w.repair_days:
                    allowed.add(Resolution.REPAIR)
                    hits.append(self._hit("DEF_REPAIR", days=w.repair_days))
                last = max(w.refund_days, w.exchange_days, w.repair_days, w.compensation_days)
                if d > last:
                    hits.append(self._hit("DEF_EXPIRED", days=last))
        elif f.category is ProblemCategory.SERVICE_COMPLAINT:
            allowed.add(Resolution.COMPENSATION)
            hits.append(self._hit("SERVICE"))
            needs_approval = True
        else:
            hits.append(self._hit("OTHER"))
            needs_approval = True
        doubted = by_date and not f.date.trusted
        if by_date and f.date.clock_off:
            hits.append(
                self._hit("CLOCK_OFF", minutes=f.date.skew_minutes, days=f.date.head_office_days)
            )
        if by_date and f.date.in_future:
            hits.append(self._hit("SALE_IN_FUTURE", minutes=f.date.ahead_minutes))
        needs_approval = needs_approval or doubted

        allowed.add(Resolution.REJECT)
        if f.wanted is not None and f.wanted in allowed:
            suggested = f.wanted
        else:
            suggested = next((r for r in RESOLUTION_PREFERENCE if r in allowed), Resolution.REJECT)
        return LineVerdict(frozenset(allowed), suggested, tuple(hits), needs_approval, doubted)

    def approval_reasons(self, outcomes: Sequence[LineOutcome]) -> tuple[RuleHit, ...]:
        """Why the case needs a manager's approval; empty when it does not."""
        reasons: list[RuleHit] = []
        # Money going back to the customer, by refund or as an exchange's difference.
        refund = sum(o.refund_fen for o in outcomes if o.resolution is Resolution.REFUND)
        refund += sum(o.money_back_fen for o in outcomes if o.resolution is Resolution.EXCHANGE)
        if refund > self.refund_above_fen:
            reasons.append(
                self._hit(
                    "APPROVAL_REFUND",
                    amount=format_fen(refund),
                    limit=format_fen(self.refund_above_fen),
                )
            )
        comp = sum(o.compensation_fen for o in outcomes if o.resolution is Resolution.COMPENSATION)
        if comp > self.compensation_above_fen:
            reasons.append(
                self._hit(
                    "APPROVAL_COMPENSATION",
                    amount=format_fen(comp),
                    limit=format_fen(self.compensation_above_fen),
                )
            )
        if self.approval_on_override and any(
            o.resolution not in o.verdict.allowed or o.liability_overridden for o in outcomes
        ):
            reasons.append(self._hit("APPROVAL_OVERRIDE"))
        seen = {h.rule_id for h in reasons}
        for o in outcomes:
            if not o.verdict.needs_approval:
                continue
            for h in o.verdict.rules:
                item = h.rule_id in _ITEM_APPROVAL and o.resolution is not Resolution.REJECT
                if (item or h.rule_id in DATE_RULES) and h.rule_id not in seen:
                    seen.add(h.rule_id)
                    reasons.append(h)
        return tuple(reasons)

    def rule_text(self, rule_id: str, lang: str = "zh", **params: Any) -> str:
        hit = self._hit(rule_id, **params)
        return hit.reason_zh if lang == "zh" else hit.reason_en


class _Reader:
    """Reads keys out of the policy mapping, naming the key in every error."""

    _SECTIONS = {
        "version": None,
        "no_reason": {
            "categories",
            "refund_days",
            "exchange_days",
            "require_tags",
            "require_unworn",
            "require_unwashed",
        },
        "defect": {
            "categories",
            "refund_days",
            "exchange_days",
            "repair_days",
            "compensation_days",
        },
        "final_sale": {"no_reason"},
        "hygiene": {"no_reason"},
        "approval": {"refund_above_fen", "compensation_above_fen", "on_override"},
        "refund": {"to_original_tender", "prorate_on_paid", "working_days"},
        "rules": None,
    }

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def _get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping):
                raise PolicyError(key, "must be a table")
            if part not in node:
                raise PolicyError(key, "is missing")
            node = node[part]
        return node

    def text(self, key: str) -> str:
        v = self._get(key)
        if not isinstance(v, str) or not v.strip():
            raise PolicyError(key, "must be a non-empty text")
        return v

    def days(self, key: str) -> int:
        v = self._get(key)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 3650:
            raise PolicyError(key, "must be a whole number of days from 0 to 3650")
        return v

    def fen(self, key: str) -> int:
        v = self._get(key)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise PolicyError(key, "must be a whole number of fen, 0 or more")
        return v

    def required_true(self, key: str) -> bool:
        if self.flag(key) is not True:
            raise PolicyError(key, "must be true: this version refunds only that way")
        return True

    def flag(self, key: str) -> bool:
        v = self._get(key)
        if not isinstance(v, bool):
            raise PolicyError(key, "must be true or false")
        return v

    def categories(self, key: str) -> frozenset[ProblemCategory]:
        v = self._get(key)
        if not isinstance(v, list) or not v:
            raise PolicyError(key, "must be a non-empty list of problem categories")
        out = set()
        for item in v:
            try:
                out.add(ProblemCategory(item))
            except ValueError:
                known = ", ".join(c.value for c in ProblemCategory)
                raise PolicyError(key, f"unknown category {item!r} (known: {known})") from None
        return frozenset(out)

    def rule_texts(self) -> dict[str, tuple[str, str]]:
        rules = self._get("rules")
        if not isinstance(rules, Mapping):
            raise PolicyError("rules", "must be a table")
        out = {}
        for rule_id in RULE_IDS:
            key = f"rules.{rule_id}"
            if rule_id in BUILT_IN_TEXTS and rule_id not in rules:
                out[rule_id] = BUILT_IN_TEXTS[rule_id]
                continue
            out[rule_id] = (self.text(f"{key}.zh"), self.text(f"{key}.en"))
            params = RULE_PARAMS.get(rule_id, frozenset())
            sample = {"days": 0, "amount": "", "limit": "", "minutes": 0}
            for lang in ("zh", "en"):
                try:
                    out[rule_id][0 if lang == "zh" else 1].format(
                        **{k: v for k, v in sample.items() if k in params}
                    )
                except (KeyError, IndexError, ValueError):
                    allowed = ", ".join("{" + p + "}" for p in sorted(params)) or "none"
                    raise PolicyError(
                        f"{key}.{lang}",
                        f"uses a placeholder this rule does not fill "
                        f"(it may use: {allowed}; write {{{{ and }}}} for braces)",
                    ) from None
        for rule_id in rules:
            if rule_id not in RULE_IDS:
                raise PolicyError(f"rules.{rule_id}", "is not a rule this version knows")
        return out

    def refuse_unknown(self) -> None:
        for key, value in self.data.items():
            if key not in self._SECTIONS:
                raise PolicyError(key, "is not a setting this version knows")
            allowed = self._SECTIONS[key]
            if allowed is not None and isinstance(value, Mapping):
                for sub in value:
                    if sub not in allowed:
                        raise PolicyError(f"{key}.{sub}", "is not a setting this version knows")

"""Lending policy and purchase rules: stored, validated when saved, evaluated on arrival.

A new lending request is checked when it arrives (entered, imported, or received by message):
the first matching rule sends it straight to pull slips (accepted with the rule's loan period,
renewals and charge), to Policy review with the rule named, or answers it unfilled with the
rule's ISO reason. With no lending rules at all, requests wait in New as before: the library
has not written a policy yet. A rule that cannot be evaluated is reported and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from illdesk.core import copyright as copyright_rules
from illdesk.core import policy_rules as core
from illdesk.core.policy_rules import Outcome, PolicyRule, RequestFacts, RuleKind, Verdict
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action, Status, TransitionError
from illdesk.services.desk.action_inputs import action_context
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.rules.supervisor import require_supervisor
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.policy_schema import PolicyRuleRow
from illdesk.store.schema import Library, Request
from illdesk.store.unit_of_work import UnitOfWork

# The event detail an accepting rule leaves, read again at shipping for its loan period.
POLICY_DETAIL = "policy"


@dataclass(frozen=True, slots=True)
class StoredRule:
    """A rule with its place in the list."""

    id: int
    position: int
    rule: PolicyRule
    problems: tuple[str, ...]
    text: str


# The parsed rules of each database and kind, with the stamp they were read at: a new lending
# request reads the cheap stamp, not 200 JSON definitions (docs/decisions/0014).
_PARSED: dict[tuple[str, str], tuple[tuple[Any, ...], tuple[PolicyRule, ...]]] = {}


def _stamp(uow: UnitOfWork, kind: RuleKind) -> tuple[Any, ...]:
    """What changes whenever a rule of `kind` is added, saved, moved or removed: how many
    there are, the latest change and the highest id (every change sets `updated_at`)."""
    return tuple(
        uow.session.execute(
            sa.select(
                sa.func.count(),
                sa.func.max(PolicyRuleRow.updated_at),
                sa.func.max(PolicyRuleRow.id),
            ).where(PolicyRuleRow.kind == kind.value)
        ).one()
    )


def load_rules(uow: UnitOfWork, kind: RuleKind) -> list[PolicyRule]:
    """The rules of a kind, in order (read once per transaction; parsed again only when
    they changed since the last read)."""
    key = f"policy_rules.{kind.value}"
    cached = uow.cache.get(key)
    if cached is not None:
        return list(cached)
    stamp = _stamp(uow, kind)
    where = (str(uow.db.url), kind.value)
    known = _PARSED.get(where)
    if known is not None and known[0] == stamp:
        rules = known[1]
    else:
        rows = uow.session.scalars(
            sa.select(PolicyRuleRow)
            .where(PolicyRuleRow.kind == kind.value)
            .order_by(PolicyRuleRow.position, PolicyRuleRow.id)
        ).all()
        rules = tuple(
            core.from_json({**row.definition, "name": row.name, "kind": kind.value}) for row in rows
        )
        _PARSED[where] = (stamp, rules)
    uow.cache[key] = rules
    return list(rules)


def list_rules(uow: UnitOfWork, kind: RuleKind | None = None) -> list[StoredRule]:
    """Every stored rule (of a kind), in order, with what is wrong with it."""
    with uow:
        query = sa.select(PolicyRuleRow).order_by(
            PolicyRuleRow.kind, PolicyRuleRow.position, PolicyRuleRow.id
        )
        if kind is not None:
            query = query.where(PolicyRuleRow.kind == kind.value)
        out = []
        for row in uow.session.scalars(query):
            rule = core.from_json({**row.definition, "name": row.name, "kind": row.kind})
            out.append(
                StoredRule(
                    row.id, row.position, rule, tuple(core.problems(rule)), core.describe(rule)
                )
            )
        return out


def save_rule(uow: UnitOfWork, rule: PolicyRule, rule_id: int | None = None) -> int:
    """Add a rule at the end of its list (or replace rule `rule_id`); refused with the
    problems in words when it cannot work. Needs a supervisor."""
    found = core.problems(rule)
    if found:
        raise InvalidInput(" ".join(found), "rule")
    with uow:
        require_supervisor(uow, "change the lending and purchase rules")
        unknown = core.group_problems(rule, directory_groups(uow))
        if unknown:
            raise InvalidInput(" ".join(unknown) + " Nothing was saved.", "groups")
        data = core.to_json(rule)
        name = data.pop("name")
        if rule_id is None:
            last = uow.session.execute(
                sa.select(sa.func.max(PolicyRuleRow.position)).where(
                    PolicyRuleRow.kind == rule.kind
                )
            ).scalar()
            row = PolicyRuleRow(kind=rule.kind, position=(last or 0) + 1)
            uow.session.add(row)
        else:
            row = _row(uow, rule_id)
        row.name = name
        row.definition = data
        row.updated_at = uow.now()
        row.updated_by = uow.actor.staff_name
        uow.session.flush()
        uow.commit()
        return row.id


def directory_groups(uow: UnitOfWork) -> list[str]:
    """The groups the directory's libraries are in (a rule may name these or the usual ones)."""
    return list(
        uow.session.scalars(
            sa.select(Library.group_name).where(Library.group_name != "").distinct()
        )
    )


def delete_rule(uow: UnitOfWork, rule_id: int) -> str:
    """Remove a rule; returns its name. Needs a supervisor."""
    with uow:
        require_supervisor(uow, "change the lending and purchase rules")
        row = _row(uow, rule_id)
        name = row.name
        uow.session.delete(row)
        uow.commit()
        return name


def move_rule(uow: UnitOfWork, rule_id: int, position: int) -> None:
    """Put a rule at a place in its list (1 is first). Needs a supervisor."""
    with uow:
        require_supervisor(uow, "change the lending and purchase rules")
        row = _row(uow, rule_id)
        rows = list(
            uow.session.scalars(
                sa.select(PolicyRuleRow)
                .where(PolicyRuleRow.kind == row.kind, PolicyRuleRow.id != row.id)
                .order_by(PolicyRuleRow.position, PolicyRuleRow.id)
            )
        )
        rows.insert(max(0, min(position - 1, len(rows))), row)
        for place, each in enumerate(rows, start=1):
            each.position = place
        row.updated_at = uow.now()  # the order changed: rules read before are stale
        row.updated_by = uow.actor.staff_name
        uow.commit()


def _row(uow: UnitOfWork, rule_id: int) -> PolicyRuleRow:
    row = uow.session.get(PolicyRuleRow, rule_id)
    if row is None:
        raise NotFound(f"There is no rule number {rule_id}. `illdesk rules list` shows them.")
    return row


def facts_of(req: Request, today: date) -> RequestFacts:
    """What the rules look at in a stored request."""
    library = req.library
    return RequestFacts(
        library=library.symbol if library else "",
        group=library.group_name if library else "",
        format=req.format,
        service=req.service,
        location=req.location or req.call_number,
        published=copyright_rules.publication_year(req.year),
        today=today,
    )


def verdict_for(uow: UnitOfWork, req: Request) -> Verdict:
    """What the rules of the request's side say about it."""
    kind = RuleKind.LENDING if req.direction == Direction.LENDING.value else RuleKind.PURCHASE
    return core.evaluate(load_rules(uow, kind), facts_of(req, uow.today()), kind)


def check(uow: UnitOfWork, number: str) -> Verdict:
    """What the rules say about a request, and why (nothing is changed)."""
    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        return verdict_for(uow, req)


def on_arrival(uow: UnitOfWork, req: Request) -> str:
    """Route a new lending request by the lending rules, in the caller's transaction, through
    the one writer; returns what was done in words ("" when nothing: no rules, or not new)."""
    if req.direction != Direction.LENDING.value or req.status != Status.NEW.value:
        return ""
    rules = load_rules(uow, RuleKind.LENDING)
    if not rules:
        return ""
    verdict = core.evaluate(rules, facts_of(req, uow.today()), RuleKind.LENDING)
    warning = " ".join(verdict.skipped)
    rule = verdict.rule
    if rule is None:
        note = f"Policy review: no lending rule matched. {warning}".strip()
        return _act(uow, req, Action.POLICY_REVIEW, {"note": note}, {}, warning)
    terms: dict[str, object] = {
        "rule": rule.name,
        "loan_days": rule.loan_days,
        "renewals": rule.renewals,
    }
    if verdict.outcome is Outcome.ACCEPT:
        return _act(uow, req, Action.ACCEPT, {}, terms, warning, charge=rule.charge)
    if verdict.outcome is Outcome.UNFILLED:
        note = f"Lending rule “{rule.name}”."
        return _act(uow, req, Action.UNFILL, {"reason": rule.reason, "note": note}, terms, warning)
    return _act(uow, req, Action.POLICY_REVIEW, {"note": verdict.why}, terms, warning)


def _act(
    uow: UnitOfWork,
    req: Request,
    action: Action,
    params: dict[str, str],
    terms: dict[str, object],
    warning: str,
    charge: object = None,
) -> str:
    ctx = action_context(uow, req, params)
    if charge is not None:
        ctx = replace(ctx, partner_charge=charge)  # type: ignore[arg-type]
    extra: dict[str, object] = {POLICY_DETAIL: terms} if terms else {}
    why = f"Lending rule “{terms['rule']}”." if terms.get("rule") else "No lending rule matched."
    extra["note"] = f"{why} {warning}".strip()  # shown in the request's history
    if warning:
        extra["policy_skipped"] = warning
    try:
        done = writer.perform_action(uow, req, action, ctx, extra=extra)
    except TransitionError as exc:
        raise InvalidInput(f"{req.number}: {exc}") from exc
    label = workflow_label(done.after.status)
    said = f"{req.number}: {label} by the lending policy" + (
        f" (rule “{terms['rule']}”)." if terms.get("rule") else "."
    )
    return f"{said} {warning}".strip()


def workflow_label(status: Status) -> str:
    from illdesk.core.workflow import status_label  # noqa: PLC0415 - one use

    return status_label(Direction.LENDING, status)


def route_new(uow: UnitOfWork, numbers: Sequence[str]) -> list[str]:
    """Route lending requests still New (imported, or received before the rules were written)
    by the rules, one transaction each; what was done for each."""
    said = []
    for number in numbers:
        with uow:
            req = repo.by_number(uow.session, number, for_update=True)
            if req is None:
                continue
            told = on_arrival(uow, req)
            uow.commit()
        if told:
            said.append(told)
    return said


def new_lending_numbers(uow: UnitOfWork, limit: int = 1000) -> list[str]:
    """Lending requests waiting in New, oldest first."""
    with uow:
        return list(
            uow.session.scalars(
                sa.select(Request.number)
                .where(
                    Request.direction == Direction.LENDING.value,
                    Request.status == Status.NEW.value,
                )
                .order_by(Request.created_at, Request.id)
                .limit(limit)
            )
        )


def accepted_loan_days(uow: UnitOfWork, request_id: int) -> int | None:
    """The loan period the accepting rule gave a lending request (None: no rule gave one)."""
    from illdesk.store.schema import Event  # noqa: PLC0415 - one use

    details = uow.session.scalars(
        sa.select(Event.details)
        .where(
            Event.request_id == request_id,
            Event.action == Action.ACCEPT.value,
            Event.undone_by.is_(None),
        )
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
    if not details:
        return None
    days = (details.get(POLICY_DETAIL) or {}).get("loan_days")
    return days if isinstance(days, int) else None

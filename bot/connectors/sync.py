"""One sync engine for every `OrderSource`: pull the bill lines changed since the cursor and
write them through the order intake (`storage.order_intake.create_orders`) and the order lifecycle
(`handlers.order_changes`: change, cancel, close short), the same functions the sheet
import and the buyer's chat use, so history is kept and the supplier is told.

Safe to repeat and to run on several replicas:
- one replica at a time: a named lease (`erp-sync:<system>`, `storage.leases`), renewed
  after every page; a replica that does not get it does nothing;
- each page is applied together with the cursor that follows it: a sync killed half-way
  resumes at the first page it had not finished. A long page is written in parts of at most
  200 lines (`page_parts`), each its own short transaction, the cursor with the last;
- each line is linked to its order once (`erp_links`, unique on system and bill/line) with
  the values the ERP last gave, so a line read again changes nothing.

When SupplierBot changed a field (a buyer moved the due date in chat) and the ERP then
changes the same field to something else, the ERP's value is not written: the conflict is
recorded (`erp_conflicts`), counted and shown until a person settles it.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.clock import Clock
from bot.connectors.order_source import ErpLine, ErpState, OrderSource, Page, SourceError
from bot.leases import LeaseKeeper
from handlers.order_changes import Change, cancel, change_order, close_short
from handlers.receiving import OPEN_STATUSES, Actor, queue_notices, record_order_change
from scheduler.ladder import Ladder
from storage import chunked
from storage.chunked import step_aside
from storage.db import Database
from storage.intake_fields import IntakeError
from storage.intake_values import as_text, po_key
from storage.models import ErpConflict, ErpLink, ErpSyncState, Lot, Order, Supplier
from storage.order_intake import create_orders, validate_draft
from storage.plans import ensure_templates, load_template_names, load_templates
from storage.supplier_matching import resolve_suppliers
from storage.upsert import insert_ignoring_conflicts

log = logging.getLogger("supplierbot.erp")
TRACKED = ("quantity", "due_date", "part_name", "unit", "notes")
LEASE_TTL = timedelta(minutes=3)  # renewed every page; a killed sync holds the others off this long at most
IN_CHUNK = 500
COUNTED = ("created", "updated", "cancelled", "closed", "unchanged", "refused", "conflicts", "ignored")


@dataclass
class SyncReport:
    """What one run did, for the command's summary, the state row and the admin page."""

    system: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    problems: list[str] = field(default_factory=list)  # "WW001/2 FTreeEntity_FQty: ..."
    conflicts: list[str] = field(default_factory=list)
    cursor: str = ""
    pages: int = 0
    error: str = ""
    busy: str = ""  # another replica holds the sync: its name
    dry_run: bool = False

    def summary(self) -> list[str]:
        """Chinese then English, one line each, then the problems and conflicts."""
        if self.busy:
            return [f"{self.system}：另一个实例（{self.busy}）正在同步，本次跳过。",
                    f"{self.system}: another replica ({self.busy}) is syncing; skipped."]
        if self.error and not self.pages and not any(self.counts.values()):
            return [f"{self.system}: ✘ {self.error}"]  # nothing was read: the one line says why
        c = self.counts
        head = "试运行，未写入。" if self.dry_run else ""
        lines = [
            f"{self.system}：{head}新建 {c['created']}，更新 {c['updated']}，作废 {c['cancelled']}，关闭 {c['closed']}，"
            f"未变 {c['unchanged']}，拒绝 {c['refused']}，冲突 {c['conflicts']}（{self.pages} 页，游标 {self.cursor or '—'}）",
            f"{self.system}: {'dry run, nothing written. ' if self.dry_run else ''}{c['created']} created, "
            f"{c['updated']} updated, {c['cancelled']} cancelled, {c['closed']} closed, {c['unchanged']} unchanged, "
            f"{c['refused']} refused, {c['conflicts']} conflicts ({self.pages} page(s), cursor {self.cursor or '—'})",
        ]
        lines += [f"  拒绝 / refused: {p}" for p in self.problems]
        lines += [f"  冲突 / conflict: {p}" for p in self.conflicts]
        if self.error:
            lines.append(f"  ✘ {self.error}")
        return lines


def page_parts(page: Page, size: int | None = None) -> list[Page]:
    """A page in parts of at most `size` lines (default `storage.chunked.CHUNK_ROWS`), each
    applied in its own transaction so a page of 2,000 lines never holds the writer for all of
    them. The cursor moves with the last part only: a sync killed mid-page reads the page again,
    and its lines already written are linked and "unchanged", so nothing is written twice."""
    size = size or chunked.CHUNK_ROWS
    if len(page.lines) <= size:
        return [page]
    starts = range(0, len(page.lines), size)
    return [Page(page.lines[start:start + size], problems=list(page.problems) if start == 0 else [],
                 cursor=page.cursor if start == starts[-1] else "") for start in starts]


class _DryRun(Exception):
    """Raised inside the page's transaction so that a dry run writes nothing."""


def replica_name() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"


class ErpSync:
    """Pulls one source into one database."""

    def __init__(self, source: OrderSource, database: Database, clock: Clock, *, ladder: Ladder, zone: ZoneInfo,
                 owner: str | None = None, progress: Callable[[int], None] | None = None) -> None:
        self.source = source
        self.database = database
        self.clock = clock
        self.ladder = ladder
        self.zone = zone
        self.owner = owner or replica_name()
        self.progress = progress
        self._templates: tuple[list[str], dict[str, str]] = ([], {})  # read once per page
        self._orders: dict[int, Order] = {}
        self._accepted: dict[int, int] = {}
        self.lease = LeaseKeeper(database, f"erp-sync:{source.system}", self.owner, LEASE_TTL, clock)

    async def run(self, *, since: str | None = None, dry_run: bool = False) -> SyncReport:
        report = SyncReport(self.source.system, dry_run=dry_run)
        holder = await self.lease.acquire()
        if holder != self.owner:
            report.busy = holder
            return report
        try:
            state = await self._state(attempt=not dry_run)
            cursor = state.cursor if since is None else since
            report.cursor = state.cursor
            seen = 0
            try:
                async with aclosing(self.source.pages(cursor)) as pages:  # closed on a kill, too
                    async for page in pages:
                        for part in page_parts(page):
                            await self._apply_page(part, report, dry_run=dry_run)
                            await step_aside()
                        report.pages += 1
                        seen += len(page.lines) + len(page.problems)
                        if self.progress is not None:
                            self.progress(seen)
                        if not await self.lease.renew():
                            report.error = "lease lost to another replica; stopped after this page"
                            break
            except SourceError as exc:
                report.error = str(exc)
            if not dry_run:
                await self._finish(report)
            return report
        finally:
            await self.lease.release()

    # --- state --------------------------------------------------------------------------

    async def _state(self, *, attempt: bool) -> ErpSyncState:
        system = self.source.system
        async with self.database.write() as session:
            await session.execute(insert_ignoring_conflicts(session, ErpSyncState.__table__, ["system"]).values(
                system=system, cursor="", last_error="", last_counts={}))
            state = await session.get(ErpSyncState, system)
            assert state is not None
            if attempt:
                state.last_attempt_at = self.clock.now()
                await session.flush()
            session.expunge(state)
            return state

    async def _finish(self, report: SyncReport) -> None:
        now = self.clock.now()
        async with self.database.write() as session:
            state = await session.get(ErpSyncState, self.source.system)
            assert state is not None
            state.last_counts = {**report.counts, "pages": report.pages}
            if report.error:
                state.last_error, state.last_error_at = report.error[:2000], now
            else:
                state.last_success_at = now
            report.cursor = state.cursor

    # --- one page -----------------------------------------------------------------------

    async def _apply_page(self, page: Page, report: SyncReport, *, dry_run: bool) -> None:
        for problem in page.problems:
            report.counts["refused"] += 1
            report.problems.append(f"{problem.bill}/{problem.line} {problem.field}: {problem.message}")
        now = self.clock.now()
        today = now.astimezone(self.zone).date()
        counts_before = dict(report.counts)
        try:
            async with self.database.write() as session:
                await ensure_templates(session)
                self._templates = (list(await load_templates(session)), dict(await load_template_names(session)))
                links = await self._links(session, [line.key for line in page.lines])
                adopted = await self._adopt(session, [line for line in page.lines if line.key not in links], now)
                by_key = {line.key: line for line in page.lines}
                await self._preload(session, [link.order_id for key, link in {**links, **adopted}.items()
                                              if _moved(link, by_key[key])])
                new_lines: list[ErpLine] = []
                for line in page.lines:
                    link = links.get(line.key) or adopted.get(line.key)
                    if link is not None and link.erp_modified == line.modified and link.erp_state == line.state.value:
                        report.counts["unchanged"] += 1  # read again (a page re-read after a restart)
                        continue
                    if link is None:
                        if line.state is ErpState.OPEN:
                            new_lines.append(line)
                        else:
                            report.counts["ignored"] += 1  # cancelled or closed before we ever had it
                        continue
                    async with session.begin_nested():
                        await self._update(session, line, link, report, now, today)
                await self._create(session, new_lines, report, now, today)
                if page.cursor:
                    state = await session.get(ErpSyncState, self.source.system)
                    if state is not None and page.cursor > state.cursor:
                        state.cursor = page.cursor
                        report.cursor = page.cursor
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except Exception:
            report.counts = counts_before
            raise

    async def _links(self, session: AsyncSession, keys: list[str]) -> dict[str, ErpLink]:
        found: dict[str, ErpLink] = {}
        for start in range(0, len(keys), IN_CHUNK):
            found.update({link.external_key: link for link in (await session.scalars(select(ErpLink).where(
                ErpLink.system == self.source.system, ErpLink.external_key.in_(keys[start:start + IN_CHUNK])))).all()})
        return found

    async def _adopt(self, session: AsyncSession, lines: list[ErpLine], now: datetime) -> dict[str, ErpLink]:
        """Orders with these numbers that came in another way (a sheet export of the same bills)
        become the lines': linked, with their current values as what the ERP last gave."""
        wanted = {po_key(line.draft.po): line for line in lines}
        bare = {po_key(line.bill): line for line in lines if line.line == "1"}  # a one-line bill's export: WW001
        keys = [*wanted, *(key for key in bare if key not in wanted)]
        found: dict[str, Order] = {}
        for start in range(0, len(keys), IN_CHUNK):
            found.update({order.po_key: order for order in (await session.scalars(select(Order).where(
                Order.po_key.in_(keys[start:start + IN_CHUNK])))).all()})
        taken = set((await session.scalars(select(ErpLink.order_id).where(
            ErpLink.order_id.in_([o.id for o in found.values()])))).all()) if found else set()
        adopted: dict[str, ErpLink] = {}
        for key, order in found.items():
            from_bare = key not in wanted
            line = bare[key] if from_bare else wanted[key]
            if order.id in taken or line.key in adopted or (from_bare and po_key(line.draft.po) in found):
                continue  # linked already, or the line's own number is there too
            link = ErpLink(system=self.source.system, external_key=line.key, order_id=order.id,
                           synced=_values_of(order), erp_state=ErpState.OPEN.value, erp_modified="", synced_at=now)
            session.add(link)
            adopted[line.key] = link
        if adopted:
            await session.flush()
        return adopted

    async def _supplier(self, session: AsyncSession, line: ErpLine, now: datetime,
                        known: dict[str, Supplier]) -> Supplier:
        """The line's supplier by its ERP code, else by its name (short names and aliases match),
        else a new one under the ERP's code and name."""
        code, name = line.supplier_code[:40], line.supplier_name[:120]
        if code:
            found = known.get(code)
            if found is not None:
                return found
        if name:
            matched = (await resolve_suppliers(session, [name])).get(name)
            if matched is not None:
                return matched
        supplier = Supplier(code=code or name[:40], name=name or code, active=True, created_at=now, aliases=[])
        session.add(supplier)
        await session.flush()
        known[supplier.code] = supplier
        return supplier

    async def _create(self, session: AsyncSession, lines: list[ErpLine], report: SyncReport, now: datetime,
                      today: date) -> None:
        """New lines in one batch; when the batch is refused, line by line so the good ones still go in."""
        if not lines:
            return
        drafts = []
        codes = sorted({line.supplier_code[:40] for line in lines} - {""})
        known = {s.code: s for s in (await session.scalars(select(Supplier).where(Supplier.code.in_(codes)))).all()}
        for line in lines:
            supplier = await self._supplier(session, line, now, known)
            line.draft.supplier = supplier.code
            drafts.append(line.draft)
        try:
            async with session.begin_nested():
                orders = await create_orders(session, drafts, actor=self.source.system, now=now, today=today)
                self._link(session, lines, orders, now)
            report.counts["created"] += len(orders)
            return
        except IntakeError:
            pass
        for line in lines:
            try:
                async with session.begin_nested():
                    orders = await create_orders(session, [line.draft], actor=self.source.system, now=now,
                                                 today=today)
                    self._link(session, [line], orders, now)
                report.counts["created"] += 1
            except IntakeError as exc:
                report.counts["refused"] += 1
                for problem in exc.problems:
                    report.problems.append(f"{line.key} {self.source.field_key(problem.field)}: {problem.message_zh} / "
                                           f"{problem.message_en}")

    def _link(self, session: AsyncSession, lines: list[ErpLine], orders: list[Order], now: datetime) -> None:
        for line, order in zip(lines, orders, strict=True):
            session.add(ErpLink(system=self.source.system, external_key=line.key, order_id=order.id,
                                synced=_values_of(order), erp_state=ErpState.OPEN.value, erp_modified=line.modified,
                                synced_at=now))

    async def _preload(self, session: AsyncSession, order_ids: list[int]) -> None:
        """The orders a page changes, with supplier and nodes, and what was accepted of each: a few
        queries a page instead of a few a line (a mass re-plan in the ERP touches thousands)."""
        self._orders, self._accepted = {}, {}
        for start in range(0, len(order_ids), IN_CHUNK):
            chunk = order_ids[start:start + IN_CHUNK]
            self._orders.update({o.id: o for o in (await session.scalars(select(Order).where(Order.id.in_(chunk))
                                 .options(selectinload(Order.supplier), selectinload(Order.milestones)))).all()})
            self._accepted.update({oid: int(n or 0) for oid, n in (await session.execute(
                select(Lot.order_id, func.sum(Lot.qty_usable)).where(Lot.order_id.in_(chunk))
                .group_by(Lot.order_id))).all()})

    async def _update(self, session: AsyncSession, line: ErpLine, link: ErpLink, report: SyncReport,
                      now: datetime, today: date) -> None:
        order = self._orders.get(link.order_id) or await session.scalar(
            select(Order).where(Order.id == link.order_id).options(
                selectinload(Order.supplier), selectinload(Order.milestones)))
        assert order is not None
        who = Actor(label=self.source.system, person_id=None, language=self.ladder.language, source="erp",
                    ladder=self.ladder)
        if line.state is not ErpState.OPEN:
            await self._end(session, line, link, order, who, report, now)
            return
        templates, names = self._templates
        valid, problems = validate_draft(line.draft, processes=templates, today=today, process_names=names)
        if valid is None:
            report.counts["refused"] += 1
            report.problems += [f"{line.key} {self.source.field_key(p.field)}: {p.message_zh} / {p.message_en}"
                                for p in problems]
            return
        if line.supplier_code and line.supplier_code != order.supplier.code \
                and line.supplier_name not in (order.supplier.name, order.supplier.short_name):
            report.counts["refused"] += 1
            report.problems.append(f"{line.key} {self.source.field_key('supplier_code')}: 同步不能更换供应商（现为 "
                                   f"{order.supplier.name}） / a sync cannot move the order to another supplier")
            return
        theirs = _values_of(valid)
        ours = _values_of(order)
        last = dict(link.synced)
        wanted: dict[str, Any] = {}
        for name in TRACKED:
            if theirs[name] == last.get(name) or theirs[name] == ours[name]:
                last[name] = theirs[name]
                continue
            if ours[name] != last.get(name):  # changed here since the ERP last spoke, and the ERP moved too
                report.counts["conflicts"] += 1
                report.conflicts.append(f"{order.po} {name}: SupplierBot {ours[name]} / ERP {theirs[name]}")
                await session.execute(insert_ignoring_conflicts(
                    session, ErpConflict.__table__, ["system", "external_key", "field", "theirs"],
                ).values(system=self.source.system, external_key=line.key, order_id=order.id, field=name,
                         ours=str(ours[name])[:120], theirs=str(theirs[name])[:120], at=now))
                continue
            wanted[name] = theirs[name]
        if wanted and order.status not in OPEN_STATUSES:
            report.counts["refused"] += 1
            report.problems.append(f"{line.key}: 订单已结束（{order.status}），不能再修改 / the order has ended "
                                   f"({order.status}) and cannot change")
            return
        if wanted:
            if not await self._change(session, order, wanted, who, now, line, report):
                return
            last.update(wanted)
            report.counts["updated"] += 1
        else:
            report.counts["unchanged"] += 1
        link.synced = last
        link.erp_modified = line.modified
        link.synced_at = now

    async def _change(self, session: AsyncSession, order: Order, wanted: dict[str, Any], who: Actor, now: datetime,
                      line: ErpLine, report: SyncReport) -> bool:
        reason = f"{self.source.system} {line.bill}"
        if {"quantity", "due_date"} & set(wanted):
            accepted = self._accepted.get(order.id, 0) if order.id in self._orders else int(await session.scalar(
                select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == order.id)) or 0)
            due = wanted.get("due_date")
            outcome = await change_order(session, order, Change(
                quantity=wanted.get("quantity"), due_date=date.fromisoformat(due) if due else None, reason=reason),
                who, now, accepted=accepted)
            if not outcome.ok:
                report.counts["refused"] += 1
                report.problems.append(f"{line.key}: {outcome.text}")
                return False
            await queue_notices(session, outcome, f"erp:{self.source.system}:{order.id}:{line.modified}", now)
        for name in ("part_name", "unit", "notes"):
            if name in wanted:
                record_order_change(session, order, name, getattr(order, name), wanted[name], reason, who, now)
                setattr(order, name, wanted[name])
        order.updated_at = now
        return True

    async def _end(self, session: AsyncSession, line: ErpLine, link: ErpLink, order: Order, who: Actor,
                   report: SyncReport, now: datetime) -> None:
        if link.erp_state == line.state.value:
            report.counts["unchanged"] += 1
            return
        if order.status in OPEN_STATUSES:
            words = "作废 / cancelled" if line.state is ErpState.CANCELLED else "结案 / closed"
            reason = f"{self.source.system} {line.bill} {words}"
            end = cancel if line.state is ErpState.CANCELLED else close_short
            outcome = await end(session, order, reason, who, now)
            if not outcome.ok:
                report.counts["refused"] += 1
                report.problems.append(f"{line.key}: {outcome.text}")
                return
            await queue_notices(session, outcome, f"erp:{self.source.system}:{order.id}:{line.state.value}", now)
            report.counts[line.state.value] += 1
        else:
            report.counts["unchanged"] += 1  # it had ended here already (accepted, closed or cancelled)
        link.erp_state = line.state.value
        link.erp_modified = line.modified
        link.synced_at = now


def _moved(link: ErpLink, line: ErpLine) -> bool:
    """Whether the page holds a newer state of this link's line than was applied."""
    return link.erp_modified != line.modified or link.erp_state != line.state.value


def _values_of(source: Any) -> dict[str, Any]:
    """The tracked fields as JSON-able values (dates as ISO text), from an order or a valid draft."""
    out: dict[str, Any] = {}
    for name in TRACKED:
        value = getattr(source, name)
        out[name] = value.isoformat() if isinstance(value, date) else (as_text(value) if name != "quantity"
                                                                         else int(value))
    return out

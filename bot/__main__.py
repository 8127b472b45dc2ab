"""`supplierbot` / `python -m bot`: serve, demo, db, import, export, sync, parse."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.people_cli import add_people_parser
from bot.progress import Progress
from bot.settings import Settings, SettingsError, load_settings
from bot.webhooks_cli import add_webhooks_parser

DEMO_DATABASE = "sqlite+aiosqlite:///./var/demo.db"
DEMO_TOKEN = "demo"  # the demo's dashboard and API token; a real install sets SUPPLIERBOT_API_TOKEN


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        print(f"supplierbot: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _describe_database(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {Path(parsed.database or '').resolve()}"
    return f"PostgreSQL {parsed.host}:{parsed.port or 5432}/{parsed.database}"


async def _serve(settings: Settings, *, upgrade: bool, seed_demo: bool) -> int:
    """The edge (and, split, its work process). The application's modules are imported only once
    the work process is spawned: each process spends seconds of CPU importing them (the reader's
    patterns, the ORM), and imported first they made the two start one after the other, the
    work process answering only after both imports (~2x the start-up, worse on a busy machine)."""
    from bot.runtime import check_schema
    from storage import migrate
    from storage.db import Database

    database = Database(settings.database_url)
    try:
        if upgrade:
            await migrate.upgrade(database.writer)
        problem = await check_schema(database)
    except Exception as exc:
        print(f"supplierbot: cannot use the database ({_describe_database(settings.database_url)}): {exc}",
              file=sys.stderr)
        await database.dispose()
        return 1
    if problem:
        print(f"supplierbot: {problem}", file=sys.stderr)
        await database.dispose()
        return 1
    if seed_demo:
        from bot.clock import SystemClock
        from storage.demo import seed_demo_data

        created = await seed_demo_data(database, settings.zone, now=SystemClock().now())
        if created:
            print(f"demo data: {created}")

    split = settings.runs_background_process
    work = await _start_work_process(settings) if split else None  # it imports while we do
    from aiohttp import web

    from bot.app import build_app
    from bot.platforms import setup_hint
    from bot.runtime import RUNTIME, Role

    app = build_app(settings, database=database, role=Role.EDGE if split else Role.ALL)
    if work is not None:
        _wire_work_process(work, app)
    runner = web.AppRunner(app, shutdown_timeout=10, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.http_host, settings.http_port)
    try:
        await site.start()
    except OSError as exc:
        print(f"supplierbot: cannot listen on {settings.http_host}:{settings.http_port}: {exc}", file=sys.stderr)
        if work is not None:
            await work.stop()
        await runner.cleanup()
        return 1
    from bot.background import settle_after_start_up

    settle_after_start_up()  # the edge's start-up out of later collections, as the work process does
    base = f"http://{settings.http_host}:{settings.http_port}"
    print(f"SupplierBot listening on {base}")
    print(f"  database:  {_describe_database(settings.database_url)}")
    print(f"  time zone: {settings.timezone}, language: {settings.language}")
    notices = app[RUNTIME].notices or [f"no chat platform configured ({setup_hint()})"]
    for notice in notices:
        print(f"  {notice}")
    if work is not None:
        print("  work:      processing, outbox, scheduler in a process of their own "
              "(SUPPLIERBOT_BACKGROUND_PROCESS=off: one process)")
    token_hint = f" (log in with the API token{': ' + DEMO_TOKEN if seed_demo else ''})" \
        if settings.api_token.get_secret_value() else " (set SUPPLIERBOT_API_TOKEN to log in)"
    print(f"  dashboard: {base}/board{token_hint}")
    print(f"  health:    {base}/healthz   metrics: {base}/metrics")
    sys.stdout.flush()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    print("SupplierBot stopping…", flush=True)
    app[RUNTIME].draining = True  # webhooks answer 503 until the port closes
    if work is None:
        await runner.cleanup()
        return 0
    await asyncio.gather(runner.cleanup(), work.stop())  # the two drain side by side
    shutil.rmtree(work.metrics_socket.parent, ignore_errors=True)
    return 0


async def _start_work_process(settings: Settings) -> Any:
    """The background work in `supplierbot work` beside this edge (bot.background), once spawned."""
    import tempfile

    from bot.background import WorkProcess

    work = WorkProcess(settings, Path(tempfile.mkdtemp(prefix="supplierbot-")) / "work.sock")
    work.start()
    await work.spawned()
    return work


def _wire_work_process(work: Any, app: Any) -> None:
    """Stored messages wake it; /readyz and /metrics speak for it; the edge gives back the leases of one that dies."""
    from functools import partial

    from bot.background import give_back_leases, restarts_collector
    from bot.metrics import METRICS
    from bot.runtime import RUNTIME, SERVICES

    runtime = app[RUNTIME]
    work.give_back = partial(give_back_leases, app[SERVICES].database)
    runtime.work_process = work
    runtime.pipeline.on_stored = work.wake
    app[METRICS].also = work.metrics
    app[METRICS].registry.register(restarts_collector(work))


async def _db(action: str, settings: Settings) -> int:
    from storage import migrate
    from storage.db import Database

    database = Database(settings.database_url)
    try:
        if action == "upgrade":
            await migrate.upgrade(database.writer)
            print(f"database {_describe_database(settings.database_url)} is at revision "
                  f"{await migrate.current_revision(database.writer)} (newest)")
        else:
            current = await migrate.current_revision(database.writer)
            print(f"current: {current or 'empty'}; newest: {migrate.head_revision()}")
    finally:
        await database.dispose()
    return 0


def _eval_command(path: Path) -> int:
    from handlers.reading_eval import CorpusError, evaluate, format_report, load_corpus

    try:
        phrases = load_corpus(path)
    except OSError as exc:
        print(f"supplierbot: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except CorpusError as exc:
        print(f"supplierbot: {path}: {exc} (the form: docs/reading-corpus.md)", file=sys.stderr)
        return 2
    print(format_report(evaluate(phrases), name=str(path)))
    return 0


def _parse_command(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.parsing import read_message

    if args.eval is not None:
        if args.text is not None:
            print("supplierbot: give either a message or --eval FILE, not both", file=sys.stderr)
            return 2
        return _eval_command(args.eval)
    if args.text is None:
        print("supplierbot: give the message to read, or --eval FILE.jsonl", file=sys.stderr)
        return 2
    now = datetime.fromisoformat(args.now) if args.now else None
    if now is not None and now.tzinfo is None:
        print("supplierbot: --now needs a time zone offset, e.g. 2026-11-24T10:00:00+08:00", file=sys.stderr)
        return 2
    reading = read_message(args.text, role=args.role, now=now, tz=settings.zone)
    data = reading.to_json_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from bot.platforms import heard  # the chat SDKs load with it; only a command that runs needs them

    parser = argparse.ArgumentParser(prog="supplierbot", description="SupplierBot: chases subcontract suppliers in chat.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the service (webhooks, scheduler, dashboard)")
    work = commands.add_parser("work", help="only the background work (processing, outbox, scheduler); "
                                            "`serve` starts it by itself")
    work.add_argument("--wake-stdin", action="store_true", help="a byte on stdin wakes processing; its end stops")
    work.add_argument("--metrics-socket", help="answer /metrics on this Unix socket")
    demo = commands.add_parser("demo", help="run on a local SQLite with demo data and the chat simulator")
    demo.add_argument("--no-seed", action="store_true", help="do not add demo data")
    db = commands.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])
    imp = commands.add_parser("import", help="import orders from .xlsx or .csv")
    imp.add_argument("file", type=Path)
    imp.add_argument("--update", action="store_true", help="change the orders that exist, create the rest")
    imp.add_argument("--dry-run", action="store_true", help="print the differences row by row; write nothing")
    imp.add_argument("--create-suppliers", action="store_true", help="add the suppliers the sheet names and we lack")
    sync = commands.add_parser("sync", help="pull orders from an ERP now (docs/erp/kingdee.md)")
    sync.add_argument("system", choices=["kingdee", "u8"])
    sync.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    sync.add_argument("--since", help="read bills modified at or after this ERP time (default: the stored cursor)")
    exp = commands.add_parser("export", help="export orders to .xlsx")
    exp.add_argument("file", type=Path)
    doctor = commands.add_parser("doctor", help="check settings, database, photo folder and chat platforms")
    doctor.add_argument("--demo", action="store_true", help="check the demo's installation (var/demo.db)")
    backup = commands.add_parser("backup", help="write a consistent backup (.tar.gz) while the service runs")
    backup.add_argument("file", type=Path)
    backup.add_argument("--no-photos", action="store_true", help="the database only; photos stay where they are")
    restore = commands.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file", type=Path)
    prune = commands.add_parser("prune", help="retention: drop full-size photos and old messages")
    prune.add_argument("--photo-days", type=int, help="default: SUPPLIERBOT_RETENTION_DAYS")
    prune.add_argument("--inbox-days", type=int, help="default: SUPPLIERBOT_RETENTION_DAYS")
    admin = commands.add_parser("admin", help="people who may bind chats and manage the bot")
    admin_actions = admin.add_subparsers(dest="admin_action", required=True)
    admin_add = admin_actions.add_parser("add", help="make a chat user an admin (send /whoami to the bot to see ids)")
    admin_add.add_argument("--platform", required=True, choices=[*map(str, heard()), "simulator"])
    admin_add.add_argument("--user", required=True, help="the user's id on that platform")
    admin_add.add_argument("--name", required=True)
    corpus = commands.add_parser("corpus", help="labelled examples of reading, from the chats")
    corpus_actions = corpus.add_subparsers(dest="corpus_action", required=True)
    corpus_export = corpus_actions.add_parser(
        "export", help="write the examples as a reading corpus (docs/reading-corpus.md) for parse --eval")
    corpus_export.add_argument("file", type=Path, metavar="FILE.jsonl")
    corpus_export.add_argument("--mask", action="store_true",
                               help="replace supplier and people names and numbers of 3+ digits")
    bind = commands.add_parser(
        "bind", help="bind a chat to a purpose from the server (WeCom app groups and group robots, or any chat)",
        description="e.g. supplierbot bind managers --wecom-robot KEY · supplierbot bind buyers --wecom-appchat "
                    "CHATID · supplierbot bind --list")
    bind.add_argument("role", nargs="?", choices=["buyers", "qc", "managers", "ops"])
    bind.add_argument("--list", action="store_true", help="show every bound chat (robot keys masked)")
    bind.add_argument("--supplier", help="only this supplier's news (code or name)")
    bind.add_argument("--language", choices=["zh", "en"])
    unbind = commands.add_parser("unbind", help="forget a chat's binding")
    for target in (bind, unbind):
        target.add_argument("--wecom-appchat", metavar="CHATID", help="a group the WeCom app created (appchat)")
        target.add_argument("--wecom-robot", metavar="KEY", help="a group robot's key or its whole webhook URL")
        target.add_argument("--telegram-chat", metavar="ID", help="a Telegram chat id (the bot's /whoami shows it)")
        target.add_argument("--feishu-chat", metavar="CHATID", help="a Feishu/Lark group's chat_id, oc_… (/whoami)")
    add_people_parser(commands)
    add_webhooks_parser(commands)
    parse = commands.add_parser("parse", help="show how the bot reads a message")
    parse.add_argument("text", nargs="?")
    parse.add_argument("--role", default="supplier",
                       choices=["supplier", "buyer", "qc", "manager", "admin", "warehouse"])
    parse.add_argument("--now", help="ISO time with offset, e.g. 2026-11-24T10:00:00+08:00")
    parse.add_argument("--json", action="store_true")
    parse.add_argument("--eval", type=Path, metavar="FILE.jsonl",
                       help="score a reading corpus (docs/reading-corpus.md): share right, per intent and class, "
                            "confirm-first and silent-misrecord rates, every miss")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "doctor":
        from bot.doctor import doctor_command

        checks: dict[str, Any] = {}
        if args.demo:
            checks = {"simulator": True}
            if "SUPPLIERBOT_DATABASE_URL" not in os.environ:
                checks["database_url"] = DEMO_DATABASE
        return doctor_command(**checks)
    if args.command == "demo":
        overrides: dict[str, object] = {"simulator": True}
        if "SUPPLIERBOT_API_TOKEN" not in os.environ:
            overrides["api_token"] = DEMO_TOKEN
        if "SUPPLIERBOT_DATABASE_URL" not in os.environ:
            Path("var").mkdir(exist_ok=True)
            overrides["database_url"] = DEMO_DATABASE
        settings = _settings(**overrides)
    else:
        settings = _settings()
    if args.command == "parse":
        return _parse_command(args, settings)

    from bot.logs import configure_logging

    configure_logging(settings)
    if args.command == "serve":
        weak = settings.weak_api_token()
        if weak:
            print(f"supplierbot: refusing to start: {weak}", file=sys.stderr)
            return 2
        return asyncio.run(_serve(settings, upgrade=False, seed_demo=False))
    if args.command == "demo":
        return asyncio.run(_serve(settings, upgrade=True, seed_demo=not args.no_seed))
    if args.command == "work":
        from bot.background import serve_work

        return asyncio.run(serve_work(settings, wake_stdin=args.wake_stdin, metrics_socket=args.metrics_socket))
    if args.command == "db":
        return asyncio.run(_db(args.action, settings))
    if args.command == "admin":
        from bot.admin_cli import add_admin

        return asyncio.run(add_admin(settings, args.platform, args.user, args.name))
    if args.command == "corpus":
        from bot.corpus_cli import export_corpus

        return asyncio.run(export_corpus(settings, args.file, mask=args.mask))
    if args.command in ("bind", "unbind"):
        from bot.bind_cli import ChatChoice, bind_command

        choice = ChatChoice(args.wecom_appchat, args.wecom_robot, args.telegram_chat, args.feishu_chat)
        action = "unbind" if args.command == "unbind" else "list" if args.list else "bind"
        return asyncio.run(bind_command(settings, action, choice, getattr(args, "role", None),
                                        supplier=getattr(args, "supplier", None),
                                        language=getattr(args, "language", None)))
    if args.command == "people":
        from bot.people_cli import people_command

        return asyncio.run(people_command(settings, args))
    if args.command == "webhooks":
        from bot.webhooks_cli import webhooks_command

        return asyncio.run(webhooks_command(settings, args))
    if args.command == "import":
        from bot.intake_cli import import_file

        bars = Progress()
        writing: list[Any] = []  # the "written" bar, from the first chunk written (nothing shown if none)

        def written(done: int, total: int) -> None:
            if not writing:
                task.close()  # the read bar ends where writing starts
                writing.append(bars.task("written", unit="rows"))
            writing[0].update(done, total)

        try:
            with bars.task("read", unit="rows") as task:  # "imported" is said only when something was
                return asyncio.run(import_file(settings, args.file, progress=task.update, written=written,
                                               update=args.update, dry_run=args.dry_run,
                                               create_suppliers=args.create_suppliers))
        finally:
            for bar in writing:
                bar.close()
    if args.command == "sync":
        from bot.sync_cli import sync_command

        with Progress().task("read", unit="lines") as task:
            return asyncio.run(sync_command(settings, args.system, since=args.since, dry_run=args.dry_run,
                                            progress=task.update))
    if args.command == "export":
        from bot.intake_cli import export_file

        with Progress().task("exported", unit="orders") as task:
            return asyncio.run(export_file(settings, args.file, progress=task.update))
    if args.command == "backup":
        from bot.backup import backup

        return asyncio.run(backup(settings, args.file, include_photos=not args.no_photos))
    if args.command == "restore":
        from bot.backup import restore

        return asyncio.run(restore(settings, args.file))
    if args.command == "prune":
        from bot.prune_cli import prune_command

        return asyncio.run(prune_command(settings, photo_days=args.photo_days, inbox_days=args.inbox_days))
    return 2


if __name__ == "__main__":
    raise SystemExit(main())

"""The server a benchmark measures, run in its own process.

`--kind bare`: an aiohttp handler that only parses the JSON (the baseline).
`--kind ceiling-commit|ceiling-parse`: what this machine can do (`bench.ceiling`) on `--database`.
`--kind telegram|wecom`: the whole service on `--database`, its replies going to a
loopback fake of the platform started in this process (with `--photo-file-id`, a multi-MB
photo the fake Telegram serves under that id).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal

from aiohttp import web

TELEGRAM_SECRET = "bench-secret"
WECOM = {"corp_id": "wwbench0000000001", "token": "benchtoken", "aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
         "secret": "bench-secret", "agent_id": 1000002}


async def bare_json(request: web.Request) -> web.Response:
    await request.json()
    return web.Response()


async def bare_xml(request: web.Request) -> web.Response:
    import xmltodict

    xmltodict.parse(await request.read())
    return web.Response()


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--kind", choices=["bare", "ceiling-commit", "ceiling-parse", "telegram", "wecom"], required=True)
    parser.add_argument("--database", default="")
    parser.add_argument("--photos", default="/tmp/supplierbot-bench-photos")
    parser.add_argument("--photo-file-id", default="")
    parser.add_argument("--api-token", default="", help="lets a benchmark sign in to the dashboard")
    parser.add_argument("--no-scheduler", action="store_true", help="no ticks: only the traffic measured")
    parser.add_argument("--work-process", action="store_true",
                        help="as `supplierbot serve` runs: the edge here, processing in a work process beside it")
    args = parser.parse_args()
    cleanup = []
    if args.kind == "bare":
        app = web.Application()
        app.router.add_post("/webhooks/telegram", bare_json)
        app.router.add_post("/webhooks/wecom", bare_xml)
        app.router.add_get("/healthz", healthz)
    elif args.kind.startswith("ceiling-"):
        from bench.ceiling import build

        app, writer = build(args.kind.removeprefix("ceiling-"), args.database)
        await writer.start()
        cleanup.append(writer.stop)
    else:
        from bot.app import build_app
        from bot.settings import Settings

        settings_kwargs: dict[str, object] = {"database_url": args.database, "photo_dir": args.photos}
        if args.api_token:
            settings_kwargs["api_token"] = args.api_token
        if args.no_scheduler:
            settings_kwargs["scheduler"] = False
        if args.kind == "telegram":
            from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI

            fake = FakeTelegramAPI(enforce_limits=True)
            if args.photo_file_id:
                from tests.fakes.photos import noise_jpeg

                fake.add_file(args.photo_file_id, noise_jpeg())
            await fake.start()
            cleanup.append(fake.close)
            settings_kwargs.update(telegram_token=DEFAULT_TOKEN, telegram_webhook_secret=TELEGRAM_SECRET,
                                   telegram_api_base=fake.root_url)
        else:
            from tests.fakes.wecom_api import FakeWeComAPI

            fake_wecom = FakeWeComAPI(corp_id=WECOM["corp_id"], secret=WECOM["secret"], agent_id=WECOM["agent_id"])
            await fake_wecom.__aenter__()
            cleanup.append(lambda: fake_wecom.__aexit__(None, None, None))
            settings_kwargs.update(wecom_corp_id=WECOM["corp_id"], wecom_token=WECOM["token"],
                                   wecom_aes_key=WECOM["aes_key"], wecom_secret=WECOM["secret"],
                                   wecom_agent_id=WECOM["agent_id"], wecom_api_base=fake_wecom.base_url)
        settings = Settings(**settings_kwargs)
        if args.work_process:
            app = _edge_with_work(settings, settings_kwargs, cleanup)
        else:
            app = build_app(settings)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.port).start()
    if args.kind in ("telegram", "wecom"):
        from bot.background import settle_after_start_up

        settle_after_start_up()  # as `supplierbot serve` does once listening (its work process does it itself)
    sampler = None
    if os.environ.get("BENCH_SAMPLE"):  # where the event loop waits (bench.loop_sampler)
        from bench.loop_sampler import LoopSampler

        sampler = LoopSampler(os.environ["BENCH_SAMPLE"])
        sampler.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    if sampler is not None:
        sampler.write()
    await runner.cleanup()
    for close in cleanup:
        await close()


def _edge_with_work(settings: object, settings_kwargs: dict[str, object], cleanup: list) -> web.Application:
    """The edge's app, and its work process started with the same settings (the fakes' URLs too)."""
    import tempfile
    from pathlib import Path

    from bot.app import build_app
    from bot.background import WorkProcess
    from bot.runtime import RUNTIME, Role
    from bot.settings import Settings

    assert isinstance(settings, Settings)
    env = {f"SUPPLIERBOT_{key.upper()}": str(value).lower() if isinstance(value, bool) else str(value)
           for key, value in settings_kwargs.items()}
    app = build_app(settings, role=Role.EDGE)
    work = WorkProcess(settings, Path(tempfile.mkdtemp()) / "work.sock", env=env)
    app[RUNTIME].pipeline.on_stored = work.wake

    async def start(app: web.Application) -> None:
        work.start()
        while not work.answered:
            await asyncio.sleep(0.1)

    app.on_startup.append(start)
    cleanup.insert(0, work.stop)
    return app


if __name__ == "__main__":
    asyncio.run(main())

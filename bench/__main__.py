"""`python -m bench [--quick] [--only NAME,...] [--traffic corpus|templates]`: run the benchmarks and print one table."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
from pathlib import Path

from bench import traffic
from bench.common import Row, print_table

BENCHMARKS = ("inbound", "fanout", "scale", "footprint", "reader", "board_filter", "feishu", "erp_sync", "events",
              "load", "long_jobs", "steady_tick", "photos", "learned_phrasing")


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="smaller counts (a minute or two)")
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument("--traffic", choices=traffic.TRAFFICS, default=os.environ.get(traffic.TRAFFIC_ENV, "corpus"),
                        help="what the inbound benches' senders say: phrases drawn from the reading corpora "
                             "(default), or the fixed templates of the stops before 42")
    args = parser.parse_args()
    traffic.use(args.traffic)
    rows: list[Row] = []
    for name in args.only.split(","):
        module = __import__(f"bench.{name}", fromlist=["run"])
        print(f"running {name}…", flush=True)
        rows.extend(await module.run(args.quick))
    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    print(f"\nSupplierBot benchmarks on {machine}\n")
    table = print_table(rows)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(f"Machine: {machine}\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())

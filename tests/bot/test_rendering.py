"""`bot.web.rendering.off_process`: a report page's CPU runs in a render process, and whatever
cannot be sent there still runs (in a thread), so a page never fails for being sent elsewhere."""

from __future__ import annotations

import os

from bot.web.rendering import PageRender, off_process, render_page, template_environment


async def test_work_runs_in_another_process() -> None:
    assert await off_process(os.getpid) != os.getpid()


async def test_what_cannot_be_pickled_runs_in_a_thread_of_this_process() -> None:
    def here(_: object) -> int:  # a local function cannot be pickled
        return os.getpid()

    assert await off_process(here, None) == os.getpid()


async def test_a_page_renders_the_same_in_a_render_process_as_in_the_loop() -> None:
    job = PageRender(template="login.html", language="en", viewer=None, path="/login", query={"next": "/kpis"},
                     css_url="/static/dashboard/dashboard.css", context={"error": None, "next": "/kpis"})
    assert await off_process(render_page, job) == job.html(template_environment())


async def test_render_processes_yield_the_cpu_to_the_service() -> None:
    """Pages computed in a render process run below the service's priority, so the webhooks the
    service answers meanwhile get a core first."""
    from bot.web.rendering import NICENESS

    assert await off_process(os.nice, 0) == os.nice(0) + NICENESS

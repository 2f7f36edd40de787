import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from farm.cron import CronSchedule, parse_schedule
from farm.tasks import register_task, registered_tasks, run_task


def at(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("expr, after, expected", [
    ("*/15 * * * *", at(2024, 3, 1, 10, 7), at(2024, 3, 1, 10, 15)),
    ("*/15 * * * *", at(2024, 3, 1, 10, 45, 30), at(2024, 3, 1, 11, 0)),
    ("* * * * *", at(2024, 3, 1, 10, 7, 59), at(2024, 3, 1, 10, 8)),
    ("0 9 * * 1-5", at(2024, 3, 1, 10, 0), at(2024, 3, 4, 9, 0)),  # Friday after 9 -> Monday
    ("30 2 1,15 * *", at(2024, 3, 2, 0, 0), at(2024, 3, 15, 2, 30)),
    ("0 0 29 2 *", at(2025, 3, 1), at(2028, 2, 29)),
    ("0 0 13 * 5", at(2024, 9, 1), at(2024, 9, 6)),  # both day fields set: 13th OR Friday
    ("0 0 * * 7", at(2024, 3, 1), at(2024, 3, 3)),  # 7 is Sunday
    ("5-10/5 */6 * * *", at(2024, 3, 1, 6, 6), at(2024, 3, 1, 6, 10)),
    ("@daily", at(2024, 12, 31, 12), at(2025, 1, 1)),
])
def test_cron_next_after(expr, after, expected):
    assert parse_schedule(expr).next_after(after) == expected


@pytest.mark.parametrize("expr", ["60 * * * *", "* * *", "a * * * *", "5-1 * * * *", "*/0 * * * *",
                                  "* * 0 * *", "* * * 13 *", "@every", "@every 0s", "@every 5x"])
def test_invalid_schedules(expr):
    with pytest.raises(ValueError):
        parse_schedule(expr)


def test_impossible_cron_reports_never():
    with pytest.raises(ValueError, match="never fires"):
        CronSchedule("0 0 31 2 *").next_after(at(2024, 1, 1))


def test_every():
    start = at(2024, 1, 1)
    assert parse_schedule("@every 30s").next_after(start) == start + timedelta(seconds=30)
    assert parse_schedule("@every 5m").next_after(start) == start + timedelta(minutes=5)
    assert parse_schedule("@every 1h").next_after(start) == start + timedelta(hours=1)


def test_scheduled_task_runs_and_stops_on_shutdown():
    app = FastAPI()
    ticks = []

    async def tick():
        ticks.append(time.monotonic())

    register_task(app, "tick", tick, schedule="@every 1s", queue="default")
    with TestClient(app):
        time.sleep(2.3)
        assert len(app.state.farm_task_handles) == 1
    assert app.state.farm_task_handles == []
    count = len(ticks)
    assert count == 2
    assert registered_tasks(app)[0].runs == 2 and registered_tasks(app)[0].queue == "default"
    time.sleep(1.2)
    assert len(ticks) == count  # cancelled: no more runs after shutdown


def test_unscheduled_tasks_run_on_demand_sync_and_async():
    app = FastAPI()
    register_task(app, "sync", lambda: "from a thread")

    async def fails():
        raise RuntimeError("boom")

    register_task(app, "fails", fails)
    with TestClient(app):
        assert app.state.farm_task_handles == []  # nothing scheduled
    assert asyncio.run(run_task(app, "sync")) == "from a thread"
    with pytest.raises(RuntimeError, match="boom"):
        asyncio.run(run_task(app, "fails"))
    assert {t.name: t.last_error for t in registered_tasks(app)} == {"sync": None, "fails": "RuntimeError('boom')"}
    with pytest.raises(KeyError):
        asyncio.run(run_task(app, "missing"))


def test_registration_errors():
    app = FastAPI()
    register_task(app, "a", lambda: None)
    with pytest.raises(ValueError, match="already registered"):
        register_task(app, "a", lambda: None)
    with pytest.raises(ValueError):
        register_task(app, "b", lambda: None, schedule="not a schedule")

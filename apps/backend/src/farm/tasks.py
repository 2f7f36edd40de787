"""Background tasks declared by plugins: scheduled ones loop on the app's event loop from
startup to shutdown; unscheduled ones are only registered and run on demand (``run_task``).

``queue`` is recorded for introspection only: there is no external worker queue; every task
runs in-process (sync functions in a worker thread so they don't block the event loop).
"""
from __future__ import annotations

import asyncio
import inspect
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Callable, Dict, List, Optional

from .cron import parse_schedule
from .lifespan import add_lifespan

log = logging.getLogger("farm.tasks")


@dataclass
class TaskSpec:
    name: str
    func: Callable[[], Any]
    schedule: Optional[str] = None
    queue: Optional[str] = None
    runs: int = 0
    last_run: Optional[datetime] = None
    last_error: Optional[str] = None
    _parsed: Any = field(default=None, repr=False)


def _registry(app: Any) -> Dict[str, TaskSpec]:
    if not hasattr(app.state, "farm_tasks"):
        app.state.farm_tasks = {}
        app.state.farm_task_handles = []

        @asynccontextmanager
        async def run_schedules(_app: Any) -> AsyncIterator[None]:
            for spec in app.state.farm_tasks.values():
                if spec._parsed is not None:
                    app.state.farm_task_handles.append(
                        asyncio.create_task(_schedule_loop(spec), name="farm-task:" + spec.name)
                    )
            try:
                yield
            finally:
                handles, app.state.farm_task_handles = app.state.farm_task_handles, []
                for handle in handles:
                    handle.cancel()
                await asyncio.gather(*handles, return_exceptions=True)

        add_lifespan(app, run_schedules)
    return app.state.farm_tasks


def register_task(
    app: Any, name: str, func: Callable[[], Any], schedule: Optional[str] = None, queue: Optional[str] = None
) -> TaskSpec:
    """Register ``func`` (called with no arguments, sync or async) under ``name``."""
    tasks = _registry(app)
    if name in tasks:
        raise ValueError("task %r is already registered" % name)
    parsed = parse_schedule(schedule) if schedule else None  # invalid schedules fail at import
    tasks[name] = TaskSpec(name, func, schedule, queue, _parsed=parsed)
    return tasks[name]


def registered_tasks(app: Any) -> List[TaskSpec]:
    return list(getattr(app.state, "farm_tasks", {}).values())


async def _invoke(spec: TaskSpec) -> Any:
    spec.last_run = datetime.now(timezone.utc)
    try:
        if inspect.iscoroutinefunction(spec.func):
            result = await spec.func()
        else:
            result = await asyncio.get_running_loop().run_in_executor(None, spec.func)
        if inspect.isawaitable(result):
            result = await result
    except Exception as exc:
        spec.last_error = repr(exc)
        raise
    finally:
        spec.runs += 1
    spec.last_error = None
    return result


async def run_task(app: Any, name: str) -> Any:
    """Run a registered task now and return its result (errors propagate)."""
    tasks = getattr(app.state, "farm_tasks", {})
    if name not in tasks:
        raise KeyError("no task named %r" % name)
    return await _invoke(tasks[name])


async def _schedule_loop(spec: TaskSpec) -> None:
    last_fire: Optional[datetime] = None
    while True:
        now = datetime.now(timezone.utc)
        # sleep() may wake a hair early; basing the next fire on the last one stops a cron
        # minute from firing twice.
        fire = spec._parsed.next_after(max(now, last_fire) if last_fire else now)
        await asyncio.sleep(max((fire - datetime.now(timezone.utc)).total_seconds(), 0))
        last_fire = fire
        try:
            await _invoke(spec)
        except Exception:  # one failing run must not end the schedule
            log.exception("task %s failed", spec.name)

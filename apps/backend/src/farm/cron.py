"""Schedules for background tasks: 5-field cron and ``@every <n>s|m|h|d``.

Cron fields are minute, hour, day of month, month, day of week (0-7, 0 and 7 are Sunday) and
accept ``*``, numbers, lists, ranges and steps (``*/n``, ``a-b/n``). As in cron, when both
day fields are restricted a day matching either one fires. Times are evaluated in UTC so a
schedule means the same thing on every host.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import FrozenSet, Tuple

MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
FIELDS: Tuple[Tuple[str, int, int], ...] = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _parse_field(text: str, name: str, low: int, high: int) -> FrozenSet[int]:
    values = set()
    for part in text.split(","):
        m = re.fullmatch(r"(\*|\d+(?:-\d+)?)(?:/(\d+))?", part)
        if not m:
            raise ValueError("cron %s field %r: cannot parse %r" % (name, text, part))
        span, step = m.group(1), int(m.group(2) or 1)
        if span == "*":
            start, end = low, high
        elif "-" in span:
            start, end = (int(x) for x in span.split("-"))
        else:
            # "5/15" means from 5 to the end every 15, like cron
            start = int(span)
            end = high if m.group(2) else start
        if not (low <= start <= high and low <= end <= high) or start > end or step < 1:
            raise ValueError("cron %s field %r: %r is out of range %d-%d" % (name, text, part, low, high))
        values.update(range(start, end + 1, step))
    return frozenset(values)


class CronSchedule:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        parts = MACROS.get(expression.strip(), expression).split()
        if len(parts) != 5:
            raise ValueError("cron %r: expected 5 fields, got %d" % (expression, len(parts)))
        fields = [_parse_field(p, *spec) for p, spec in zip(parts, FIELDS, strict=True)]
        self.minutes, self.hours, self.days, self.months, dows = fields
        self.weekdays = frozenset(d % 7 for d in dows)  # 7 is Sunday too
        self.days_any = parts[2] == "*"
        self.weekdays_any = parts[4] == "*"

    def _day_matches(self, t: datetime) -> bool:
        in_days = t.day in self.days
        in_weekdays = (t.isoweekday() % 7) in self.weekdays  # cron: Sunday = 0
        if self.days_any or self.weekdays_any:
            return in_days and in_weekdays
        return in_days or in_weekdays

    def next_after(self, after: datetime) -> datetime:
        """The first matching minute strictly after ``after`` (same tzinfo)."""
        t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = t.replace(year=t.year + 9, day=1)  # Feb 29 can be up to 8 years away
        while t < limit:
            if t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
            elif not self._day_matches(t):
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
            elif t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
            elif t.minute not in self.minutes:
                t += timedelta(minutes=1)
            else:
                return t
        raise ValueError("cron %r never fires" % self.expression)


class EverySchedule:
    def __init__(self, expression: str) -> None:
        m = re.fullmatch(r"@every\s+(\d+)\s*([smhd])", expression.strip())
        if not m or int(m.group(1)) == 0:
            raise ValueError("schedule %r: expected '@every <n>s|m|h|d' with n > 0" % expression)
        self.expression = expression
        self.interval = timedelta(seconds=int(m.group(1)) * UNITS[m.group(2)])

    def next_after(self, after: datetime) -> datetime:
        return after + self.interval


def parse_schedule(expression: str):
    """A schedule object with ``next_after(datetime) -> datetime``; ValueError if invalid."""
    if expression.strip().startswith("@every"):
        return EverySchedule(expression)
    return CronSchedule(expression)

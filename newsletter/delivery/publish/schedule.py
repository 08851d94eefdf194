"""--schedule: a send time read in the newsletter's time zone, refused when unclear or past."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from newsletter.errors import ContentError, Problem

_OPTION = "--schedule"


def send_time(
    value: str, *, timezone: str, zone_explicit: bool, now: dt.datetime, quarter_hours: bool
) -> dt.datetime:
    """Return the aware time ``value`` names: its own offset, else the newsletter's zone.

    A time without an offset needs ``timezone`` set in the settings (not the default), and
    one that a clock change makes ambiguous or skips is refused, as is a time in the past.
    """
    try:
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise _refused(f"{value!r} is not a time; write e.g. 2026-06-12T07:00") from None
    if when.tzinfo is None:
        when = _in_zone(when, timezone=timezone, explicit=zone_explicit)
    if when <= now:
        raise _refused(f"{value} ({_utc(when)}) is in the past")
    if quarter_hours and (when.minute % 15 or when.second or when.microsecond):
        raise _refused(f"{value}: this service schedules only on :00, :15, :30 or :45")
    return when


def _in_zone(naive: dt.datetime, *, timezone: str, explicit: bool) -> dt.datetime:
    if not explicit:
        raise _refused(
            f"{naive.isoformat()} has no time zone: add an offset (e.g. +02:00) or set "
            "timezone in newsletter.yaml"
        )
    zone = ZoneInfo(timezone)
    first, second = naive.replace(tzinfo=zone), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise _refused(
            f"{naive.isoformat()} happens twice in {timezone} (clocks go back); "
            "add the offset you mean, e.g. +01:00"
        )
    back = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise _refused(f"{naive.isoformat()} does not exist in {timezone} (clocks go forward)")
    return first


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _refused(message: str) -> ContentError:
    return ContentError([Problem(_OPTION, message)])

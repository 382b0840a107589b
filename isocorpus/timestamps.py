"""The reader's timestamps: ``M/D/YY h:mmam`` (US order, two-digit year, 12-hour clock)."""

from __future__ import annotations

import re
from datetime import datetime

_TIMESTAMP = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})\s*([ap])\.?m\.?",
    re.IGNORECASE | re.ASCII,
)


class TimestampError(ValueError):
    """A timestamp has the reader's shape but names no real moment (``13/45/19 9:99pm``)."""


def find_timestamp(text: str) -> re.Match[str] | None:
    """The first thing in ``text`` shaped like a reader timestamp."""
    return _TIMESTAMP.search(text)


def to_datetime(match: re.Match[str]) -> datetime:
    """The local datetime a timestamp match names; ``TimestampError`` when impossible.

    Two-digit years follow POSIX ``%y``: 69-99 are 1969-1999, 00-68 are 2000-2068.
    ``12:05am`` is 00:05 and ``12:40pm`` is 12:40.
    """
    month, day, year, hour, minute, half = match.groups()
    y = int(year)
    if len(year) == 2:
        y += 1900 if y >= 69 else 2000
    h, m = int(hour), int(minute)
    if not 1 <= h <= 12 or m > 59:
        raise TimestampError(f"impossible time {match.group(0)!r}")
    h = h % 12 + (12 if half.lower() == "p" else 0)
    try:
        return datetime(y, int(month), int(day), h, m)
    except ValueError:
        raise TimestampError(f"impossible date {match.group(0)!r}") from None


def parse_timestamp(text: str) -> datetime:
    """Parse ``M/D/YY h:mmam``; ``TimestampError`` when absent or impossible."""
    match = _TIMESTAMP.fullmatch(text.strip())
    if match is None:
        raise TimestampError(f"unreadable timestamp {text.strip()!r}")
    return to_datetime(match)

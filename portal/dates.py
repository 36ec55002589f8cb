"""Dates as the command-line contract and the audit log write them (YYYY-MM-DD)."""

from datetime import date


def iso(d: date | None) -> str | None:
    """`YYYY-MM-DD`, or None for no date."""
    return d.isoformat() if d else None

"""Registers every command module on ``app`` (each module adds its own command)."""

from . import export_cmd, list_cmd, show_cmd, stats_cmd, timeline_cmd  # noqa: F401

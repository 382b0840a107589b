"""Registers every command module on ``app`` (each module adds its own command)."""

from . import export_cmd, grep_cmd, list_cmd  # noqa: F401

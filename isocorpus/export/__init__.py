"""Exporters: Articles → JSON, JSON Lines, CSV, SQLite."""

"""Renderers: records and results → text for a terminal or a pipe. Only this package imports rich."""

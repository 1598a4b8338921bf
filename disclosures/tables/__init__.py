"""The nine public tables: their description (spec) and the values held against it."""

from .spec import TABLES, table_spec

__all__ = ("TABLES", "table_spec")

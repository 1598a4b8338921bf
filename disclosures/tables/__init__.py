"""The nine public tables: their description (spec) and the values held against it."""

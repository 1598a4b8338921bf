"""The standard-format PDF of a report version: content, charts, rendering and its stored document."""

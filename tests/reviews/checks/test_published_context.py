"""The checks a published document read from its PDF goes through: those that read only what it
carries (tables, text, the year's rules), none that needs a stored version (checklist answers,
self-evaluation forms)."""

from reviews.checks.published_context import published_checks
from reviews.models import Part


def test_only_checks_of_tables_and_text_run_on_a_published_document():
    checks = {c.name.rsplit(".", 1)[1] for c in published_checks()}
    assert checks == {"table_rules", "unlisted_codes", "number_formats", "text", "placeholders"}
    assert {c.part for c in published_checks()} == {Part.TABLES, Part.TEXT, Part.COMPLETENESS}

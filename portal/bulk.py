"""Inserting many rows of one model at once, without the SQL compiler's work per value.

bulk_create prepares each value of each row through the query compiler; for the 200 cells
and code rows of a workbook that was 6–7 ms of CPU, a sixth of an import
(bench/import_speed.py). These insert the same rows with one executemany, each value
prepared by its own field (a Decimal for a DecimalField, JSON text for a JSONField, the key
of a ForeignKey), on the database the router writes the model to. As with bulk_create, no
signals are sent and no primary keys are set: for rows nobody holds afterwards.
"""

from django.db import connections, router


def rows_insert(model, fields, rows):
    """Insert `rows`, each (value, …) in the order of `fields` (names of `model`'s fields)."""
    _insert(model, [model._meta.get_field(name) for name in fields], [list(row) for row in rows])


def instances_insert(instances):
    """Insert unsaved instances of one model: every concrete field but the primary key, with
    what saving gives it (auto_now_add, defaults already on the instance)."""
    instances = list(instances)
    if not instances:
        return
    model = type(instances[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    _insert(model, fields, [[f.pre_save(instance, True) for f in fields] for instance in instances])


def _insert(model, fields, rows):
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row)] for row in rows])

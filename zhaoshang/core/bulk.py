"""Many rows into one table, fast: COPY on PostgreSQL, one prepared INSERT for all rows on SQLite.

`bulk_create` prepares every value of every object through its field (~20 µs a value, 25 s for a million
values), most of it for values the database driver takes as they are (ints, strings, dates, Decimals,
booleans, None). Here a value is converted only where its column needs it (JSON, datetimes, UUIDs), once.
What is left out on purpose: signals, `save()` and keys on the objects; a caller that needs the new keys
reads them back by a natural key (a zone's project codes, say), which the tables here all have.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection, models
from django.utils import timezone

# Column types whose Python values the drivers (sqlite3 with Django's adapters, psycopg) take unchanged.
PLAIN_TYPES = {
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField",
    "DecimalField", "FloatField", "ForeignKey", "IntegerField", "OneToOneField", "PositiveBigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField",
}


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (values in the order of `fields`, as the database takes them: ids for foreign keys,
    JSON already as text) into `model`'s table; returns the number of rows."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        # One prepared statement, rows bound in sqlite3's C loop: faster than multi-row INSERTs, whose long
        # statements Django's wrapper rewrites (%s → ?) with a regular expression each time.
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
        return max(cursor.rowcount, 0)  # sqlite3 sums the rows of every execution


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> int:
    """Insert unsaved `objects` of `model` (every concrete column but an automatic key) without setting their
    keys. Defaults are the ones the objects were built with; auto_now(_add) columns get one timestamp."""
    if not objects:
        return 0
    fields = [field for field in model._meta.concrete_fields
              if not (field.primary_key and isinstance(field, models.AutoField))]
    now = timezone.now()
    getters = []
    for field in fields:
        attname = field.attname
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = field.get_db_prep_save(now if isinstance(field, models.DateTimeField) else date.today(),
                                           connection)
            getters.append(lambda obj, stamp=stamp: stamp)
        elif field.get_internal_type() in PLAIN_TYPES:
            getters.append(lambda obj, attname=attname: obj.__dict__[attname])
        else:
            getters.append(lambda obj, attname=attname, field=field:
                           field.get_db_prep_save(obj.__dict__[attname], connection))
    return insert_rows(model, [field.name for field in fields],
                       (tuple(get(obj) for get in getters) for obj in objects))

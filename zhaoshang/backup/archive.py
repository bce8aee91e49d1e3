"""Backup and restore of the whole database in one portable file, from and to SQLite or PostgreSQL.

The file is a zip archive:

- ``manifest.json``: format and version, the program's version, the database it came from, when it was made,
  the applied migrations (``django_migrations``) and, per table, its model, columns, row count and member name;
- ``data/NNN-app.model.jsonl``: one JSON array per row, values in the manifest's column order, tables in
  dependency order (a table after the tables it points to). Values that JSON cannot hold are written as text:
  dates and times in ISO 8601, decimals as strings (exact), binary data in base64, durations in microseconds.

Both sides stream: a table is read with a server-side cursor (``iterator``) and written line by line into a
compressed member; a restore reads each member line by line and inserts in batches, so memory does not grow with
the size of a table. Every model of every installed app that Django manages is included (content types and
permissions too, so their ids match the rows that point to them), except sessions: a session is a login on the
machine that made the backup, and restoring it would log strangers in as whoever gets that user id. A restore
empties the sessions table for the same reason.

A restore runs in one transaction: either the whole backup is in the database afterwards, or nothing changed.
Django creates foreign keys DEFERRABLE INITIALLY DEFERRED on both SQLite and PostgreSQL, so rows that point to
rows later in the same table (``geo.Division.parent``) or to tables restored later need no special order; the
constraints are checked explicitly before the transaction ends, so a broken backup fails with a message rather
than at commit. Sequences are reset afterwards on PostgreSQL so new rows get fresh ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import importlib.metadata
import io
import json
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field as dc_field
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import JSONField, Model, Value
from django.utils import timezone

FORMAT = "zhaoshang-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 2000  # rows fetched from the database at a time
PROGRESS_EVERY = 100_000

# Not backed up, and emptied on restore: see the module docstring.
SKIPPED_MODELS = frozenset({"sessions.session"})
# Rows a freshly migrated database already has (migrations and post_migrate fill them), plus login-attempt
# logs: a database holding only these counts as empty. A restore replaces them with the backup's rows.
REFERENCE_MODELS = frozenset({
    "contenttypes.contenttype", "auth.permission",
    "geo.division", "geo.industry", "organisation.exchangerate",
    "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
})

Progress = Callable[[str], None]


class BackupError(Exception):
    """A failure with a message for the person at the terminal (Chinese, says what to do)."""


# --------------------------------------------------------------------------------------------- models


def backup_models(using: str = DEFAULT_DB_ALIAS) -> list[type[Model]]:
    """Every concrete model Django manages on this database, a model after the models it points to."""
    candidates = [
        model for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
        and router.allow_migrate_model(using, model)
    ]
    by_label = {model._meta.label_lower: model for model in candidates}
    ordered: list[type[Model]] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(model: type[Model]) -> None:
        label = model._meta.label_lower
        if state.get(label):
            return  # done, or a cycle: deferred constraints make any order within it work
        state[label] = 1
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is not None:
                target = f.related_model._meta.concrete_model._meta.label_lower
                if target != label and target in by_label:
                    visit(by_label[target])
        state[label] = 2
        ordered.append(model)

    for label in sorted(by_label):
        visit(by_label[label])
    return ordered


def _fields(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _value_type(f) -> str:
    """The internal type that decides how a value is written: a foreign key is written like its target."""
    while f.is_relation:
        f = f.target_field
    return f.get_internal_type()


# --------------------------------------------------------------------------------------------- values


def _encoder(kind: str) -> Callable | None:
    if kind in ("DateTimeField", "DateField", "TimeField"):
        return lambda v: v.isoformat()
    if kind == "DecimalField":
        return str
    if kind == "BinaryField":
        return lambda v: base64.b64encode(bytes(v)).decode("ascii")
    if kind == "UUIDField":
        return str
    if kind == "DurationField":
        return lambda v: v // dt.timedelta(microseconds=1)
    return None


def _decoder(kind: str) -> Callable | None:
    if kind == "DateTimeField":
        return dt.datetime.fromisoformat
    if kind == "DateField":
        return dt.date.fromisoformat
    if kind == "TimeField":
        return dt.time.fromisoformat
    if kind == "DecimalField":
        return decimal.Decimal
    if kind == "BinaryField":
        return base64.b64decode
    if kind == "UUIDField":
        return uuid.UUID
    if kind == "DurationField":
        return lambda v: dt.timedelta(microseconds=v)
    return None


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------------- state


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def app_version() -> str:
    try:
        return importlib.metadata.version("zhaoshang")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@contextmanager
def _snapshot(using: str):
    """One consistent view of the database for the whole backup, without blocking writers."""
    connection = connections[using]
    if connection.in_atomic_block:  # already in a transaction (tests): it is the snapshot
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # transaction.atomic() would BEGIN IMMEDIATE (settings) and block every writer until the backup ends;
        # a deferred read transaction sees one snapshot of the WAL while the application keeps writing.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    with transaction.atomic(using=using):
        yield


# --------------------------------------------------------------------------------------------- backup


@dataclass
class Summary:
    path: Path
    tables: int = 0
    rows: int = 0
    bytes: int = 0
    counts: dict[str, int] = dc_field(default_factory=dict)


def backup(path: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS, overwrite: bool = False,
           progress: Progress | None = None) -> Summary:
    """Write the whole database to ``path`` (a new file appears only when the backup is complete)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"文件 {path} 已存在。请换一个文件名，或加 --force 覆盖。")
    if path.is_dir():
        raise BackupError(f"{path} 是一个目录，请给出备份文件名，例如 {path / 'zhaoshang.zip'}。")
    if not path.parent.exists():
        raise BackupError(f"目录 {path.parent} 不存在，请先创建。")
    say = progress or (lambda line: None)
    connection = connections[using]
    models = backup_models(using)
    summary = Summary(path=path)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with _snapshot(using), zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED,
                                               compresslevel=6) as archive:
            migrations = applied_migrations(using)
            if not migrations:
                raise BackupError("数据库尚未建表(没有迁移记录)，没有可备份的内容。")
            check_tables(models, using)
            tables = []
            for index, model in enumerate(models, start=1):
                label = model._meta.label_lower
                if label in SKIPPED_MODELS:
                    continue
                member = f"data/{index:03d}-{label}.jsonl"
                rows = _dump_table(archive, member, model, using, label, say)
                tables.append({
                    "model": label,
                    "table": model._meta.db_table,
                    "file": member,
                    "rows": rows,
                    "fields": [{"name": f.attname, "column": f.column, "type": _value_type(f)}
                               for f in _fields(model)],
                })
                summary.counts[label] = rows
                summary.rows += rows
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": app_version(),
                "created_at": timezone.now().isoformat(),
                "database": {"vendor": connection.vendor, "name": str(connection.settings_dict.get("NAME"))},
                "migrations": migrations,
                "skipped": sorted(SKIPPED_MODELS),
                "tables": tables,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    summary.tables = len(summary.counts)
    summary.bytes = path.stat().st_size
    return summary


def _dump_table(archive: zipfile.ZipFile, member: str, model: type[Model], using: str, label: str,
                say: Progress) -> int:
    fields = _fields(model)
    encoders = [(i, enc) for i, f in enumerate(fields) if (enc := _encoder(_value_type(f))) is not None]
    queryset = (model._base_manager.using(using).order_by(model._meta.pk.attname)
                .values_list(*[f.attname for f in fields]))
    rows = 0
    with archive.open(member, "w", force_zip64=True) as raw:
        out = io.BufferedWriter(raw, buffer_size=1 << 20)
        for values in queryset.iterator(chunk_size=CHUNK):
            if encoders:
                values = list(values)
                for i, enc in encoders:
                    if values[i] is not None:
                        values[i] = enc(values[i])
            out.write(_json(values).encode("utf-8"))
            out.write(b"\n")
            rows += 1
            if rows % PROGRESS_EVERY == 0:
                say(f"  {label} … {rows} 行")
        out.flush()
        out.detach()
    say(f"{label}({model._meta.db_table}): {rows} 行")
    return rows


# --------------------------------------------------------------------------------------------- restore


def read_manifest(path: str | os.PathLike) -> dict:
    """The manifest of a backup file, or a BackupError saying why the file is not one."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"找不到备份文件 {path}。")
    if path.is_dir():
        raise BackupError(f"{path} 是一个目录，不是备份文件。")
    not_backup = f"{path} 不是招商平台的备份文件(应为 zhaoshang backup 生成的 .zip 文件)。"
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError, OSError) as error:
        raise BackupError(not_backup) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(not_backup)
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(f"备份文件的格式版本({version})比本程序支持的版本({FORMAT_VERSION})新："
                          f"备份由 {manifest.get('app_version', '较新版本')} 生成，请升级程序后再恢复。")
    if not isinstance(manifest.get("tables"), list) or not isinstance(manifest.get("migrations"), list):
        raise BackupError(not_backup)
    return manifest


def _describe(migrations: list) -> str:
    names = [f"{app}.{name}" for app, name in migrations]
    shown = "、".join(names[:5])
    return shown + (f" 等 {len(names)} 个" if len(names) > 5 else "")


def check_migrations(manifest: dict, using: str) -> None:
    current = {tuple(m) for m in applied_migrations(using)}
    if not current:
        raise BackupError("目标数据库尚未建表。请先运行 zhaoshang migrate(使用与备份时相同版本的程序)，再恢复。")
    wanted = {tuple(m) for m in manifest["migrations"]}
    if current == wanted:
        return
    missing = sorted(wanted - current)
    extra = sorted(current - wanted)
    parts = ["目标数据库的迁移状态与备份不一致，不能恢复。"]
    if missing:
        parts.append(f"备份有而数据库没有的迁移：{_describe(missing)}。")
    if extra:
        parts.append(f"数据库有而备份没有的迁移：{_describe(extra)}。")
    parts.append(f"请使用与备份时相同版本的程序(备份由 {manifest.get('app_version', '未知版本')} 生成)，"
                 "在新建的空数据库上运行 zhaoshang migrate 后恢复；恢复后再升级程序并运行 zhaoshang migrate。")
    raise BackupError("".join(parts))


def nonempty_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Models holding data of their own (anything but reference rows a fresh migrate creates)."""
    found = []
    for model in backup_models(using):
        label = model._meta.label_lower
        if label in REFERENCE_MODELS or label in SKIPPED_MODELS:
            continue
        if model._base_manager.using(using).exists():
            found.append(label)
    return found


def check_tables(models, using: str) -> None:
    """Every model has its table: otherwise the program is newer than the database (or has unmade migrations)."""
    existing = set(connections[using].introspection.table_names())
    missing = [m._meta.db_table for m in models if m._meta.db_table not in existing]
    if missing:
        shown = "、".join(missing[:5]) + (f" 等 {len(missing)} 个" if len(missing) > 5 else "")
        raise BackupError(f"数据库缺少数据表 {shown}：数据库与程序版本不一致。请先运行 zhaoshang migrate。")


def _verbose(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return label


def restore(path: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS, replace: bool = False,
            progress: Progress | None = None) -> Summary:
    """Load a backup into the database, all or nothing. Refuses a database that has data unless ``replace``."""
    path = Path(path)
    say = progress or (lambda line: None)
    manifest = read_manifest(path)
    check_migrations(manifest, using)
    connection = connections[using]
    models = {model._meta.label_lower: model for model in backup_models(using)}
    check_tables(models.values(), using)
    plan = []
    for table in manifest["tables"]:
        model = models.get(table.get("model"))
        if model is None:
            raise BackupError(f"备份中的数据表 {table.get('model')} 在当前程序中不存在，"
                              "请使用与备份时相同版本的程序恢复。")
        by_name = {f.attname: f for f in _fields(model)}
        names = [f["name"] for f in table["fields"]]
        if sorted(names) != sorted(by_name):
            raise BackupError(f"备份中数据表 {table['model']} 的字段与当前程序不一致，"
                              "请使用与备份时相同版本的程序恢复。")
        plan.append((table, model, [by_name[n] for n in names]))
    summary = Summary(path=path, bytes=path.stat().st_size)
    with transaction.atomic(using=using):
        found = nonempty_tables(using)
        if found and not replace:
            shown = "、".join(_verbose(label) for label in found[:6]) + (" 等" if len(found) > 6 else "")
            raise BackupError(f"目标数据库已有数据({shown})，为免覆盖，未做任何改动。"
                              "如确认要用备份替换数据库中的全部数据，请加 --replace；"
                              "或者在新建的空数据库上运行 zhaoshang migrate 后再恢复。")
        tables = [m._meta.db_table for m in models.values()]
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with pending deferred-constraint events (rows written earlier in an
            # enclosing transaction): fire them first.
            connection.check_constraints()
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)
        say(f"已清空 {len(tables)} 个数据表")
        with zipfile.ZipFile(path) as archive:
            for table, model, fields in plan:
                try:
                    rows = _load_table(archive, table, model, fields, connection, say)
                except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError, ValueError,
                        TypeError, OSError) as error:
                    raise BackupError(f"备份文件已损坏(数据表 {table['model']}：{error})，未做任何改动。") from error
                except DatabaseError as error:
                    raise BackupError(f"写入数据表 {table['model']} 失败({error})，未做任何改动。") from error
                if rows != table.get("rows"):
                    raise BackupError(f"备份文件不完整：数据表 {table['model']} 应有 {table.get('rows')} 行，"
                                      f"实际读到 {rows} 行。")
                summary.counts[table["model"]] = rows
                summary.rows += rows
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for _, model, _ in plan]):
                cursor.execute(sql)
        try:
            connection.check_constraints(table_names=tables)
        except IntegrityError as error:
            raise BackupError(f"备份中的数据互相引用不完整(外键检查失败：{error})，未做任何改动。") from error
    summary.tables = len(summary.counts)
    return summary


def _load_table(archive: zipfile.ZipFile, table: dict, model: type[Model], fields: list, connection,
                say: Progress) -> int:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params or 65535
    batch_size = max(1, min(1000, limit // max(1, len(fields))))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    preparers = []
    for f, spec in zip(fields, table["fields"]):
        decode = _decoder(spec["type"])
        json_not_null = isinstance(f, JSONField) and not f.null

        def prepare(value, f=f, decode=decode, json_not_null=json_not_null):
            if value is None:
                # In a NOT NULL JSON column, None was the JSON value null, not SQL NULL.
                return f.get_db_prep_save(Value(None, JSONField()), connection) if json_not_null else None
            if decode is not None:
                value = decode(value)
            return f.get_db_prep_save(value, connection)

        preparers.append(prepare)

    label = table["model"]
    rows = 0
    with connection.cursor() as cursor, archive.open(table["file"]) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8")

        def prepared_rows():
            nonlocal rows
            for line in lines:
                values = json.loads(line)
                if len(values) != len(fields):
                    raise BackupError(f"备份文件已损坏：数据表 {label} 第 {rows + 1} 行的列数不对。")
                rows += 1
                if rows % PROGRESS_EVERY == 0:
                    say(f"  {label} … {rows} 行")
                yield [prepare(v) for prepare, v in zip(preparers, values)]

        raw_cursor = getattr(cursor, "cursor", None)
        if connection.vendor == "postgresql" and hasattr(raw_cursor, "copy"):
            # psycopg 3: COPY streams rows to the server, many times faster than INSERT statements.
            with raw_cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in prepared_rows():
                    copy.write_row(values)
        else:
            batch: list = []
            for values in prepared_rows():
                batch.extend(values)
                if len(batch) >= batch_size * len(fields):
                    cursor.execute(head + ", ".join([row_sql] * batch_size), batch)
                    batch.clear()
            if batch:
                cursor.execute(head + ", ".join([row_sql] * (len(batch) // len(fields))), batch)
    say(f"{label}({model._meta.db_table}): {rows} 行")
    return rows

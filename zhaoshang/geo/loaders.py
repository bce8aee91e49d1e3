"""Load the shipped reference tables into the database (used by the data migration and by tests)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DIVISIONS_CSV = DATA_DIR / "divisions_gbt2260.csv"
INDUSTRIES_CSV = DATA_DIR / "industries_gbt4754_2017.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_divisions(Division) -> int:
    rows = _rows(DIVISIONS_CSV)
    if Division.objects.exists():
        return 0
    Division.objects.bulk_create(
        Division(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            longitude=row["longitude"] or None,
            latitude=row["latitude"] or None,
        )
        for row in rows
    )
    ids = dict(Division.objects.values_list("code", "id"))
    # Parents come before children in the file only by code order, so link them in a second pass.
    by_parent: dict[str, list[str]] = {}
    for row in rows:
        if row["parent"]:
            by_parent.setdefault(row["parent"], []).append(row["code"])
    for parent_code, child_codes in by_parent.items():
        Division.objects.filter(code__in=child_codes).update(parent_id=ids[parent_code])
    return len(rows)


def load_industries(Industry) -> int:
    rows = _rows(INDUSTRIES_CSV)
    if Industry.objects.exists():
        return 0
    created: dict[str, object] = {}
    for row in rows:  # the file lists every parent before its children
        created[row["code"]] = Industry.objects.create(
            code=row["code"], name=row["name"], level=row["level"], parent=created.get(row["parent"] or "")
        )
    return len(rows)

"""One year's enterprise data as column arrays (numpy), built from records or straight from query columns.

Missing optional figures are NaN in the float columns. Money in 万元, land in 亩, energy in 吨标煤,
electricity in 万千瓦时, emissions in 吨.
"""

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Iterable, Sequence

import numpy as np

from zhaoshang.evaluation.engine.indicators import TCE_PER_10K_KWH

OWN, LEASED = "own", "leased"
TENURE_LABELS = {OWN: "自有", LEASED: "租赁"}
UTILITY_DIVISIONS = ("44", "45", "46")  # GB/T 4754 门类 D: 电力、热力、燃气及水生产和供应业


@dataclass(frozen=True)
class DataRecord:
    """One enterprise's figures for one year, as imported."""

    credit_code: str
    name: str
    year: int
    above_scale: bool
    land_mu: Decimal | float
    revenue: Decimal | float
    tax: Decimal | float
    value_added: Decimal | float | None = None
    energy_tce: Decimal | float | None = None
    electricity: Decimal | float | None = None
    emissions: Decimal | float | None = None
    employees: int | None = None
    rd: Decimal | float | None = None
    taxable_sales: Decimal | float | None = None
    production_year: int | None = None
    industry_code: str = ""
    parcel_code: str = ""
    tenure: str = OWN
    under_construction: bool = False
    tags: tuple[str, ...] = ()


FLOAT_COLUMNS = ("land_mu", "revenue", "tax", "value_added", "energy_tce", "electricity", "emissions",
                 "employees", "rd", "taxable_sales")
RECORD_FIELDS = tuple(f.name for f in fields(DataRecord))


class Dataset:
    """Column arrays of n records. Text columns are numpy object arrays, figures float64 (NaN = missing)."""

    def __init__(self, columns: dict[str, Sequence]):
        n = len(columns["credit_code"])
        self.n = n
        self.credit_code = np.asarray(columns["credit_code"], dtype=object)
        self.name = np.asarray(columns["name"], dtype=object)
        self.year = np.asarray(columns.get("year", [0] * n), dtype=np.int64)
        self.above_scale = np.asarray(columns["above_scale"], dtype=bool)
        for column in FLOAT_COLUMNS:
            setattr(self, column, _floats(columns.get(column), n))
        self.production_year = _floats(columns.get("production_year"), n)
        self.industry_code = _codes(_given(columns, "industry_code", "", n))
        self.parcel_code = _codes(_given(columns, "parcel_code", "", n))
        self.tenure = np.asarray(_given(columns, "tenure", OWN, n), dtype=object)
        self.under_construction = np.asarray(_given(columns, "under_construction", False, n), dtype=bool)
        self.tags = [tuple(tags or ()) for tags in _given(columns, "tags", (), n)]

    @classmethod
    def from_records(cls, records: Iterable[DataRecord]) -> "Dataset":
        records = list(records)
        return cls({name: [getattr(r, name) for r in records] for name in RECORD_FIELDS})

    def __len__(self) -> int:
        return self.n

    @property
    def energy_or_electricity_tce(self) -> np.ndarray:
        """Total energy use, or electricity converted to 吨标煤 where energy was not reported."""
        return np.where(np.isnan(self.energy_tce), self.electricity * TCE_PER_10K_KWH, self.energy_tce)

    def column(self, name: str) -> np.ndarray:
        return getattr(self, name)

    def is_utility(self) -> np.ndarray:
        """GB/T 4754 门类 D: a code of division 44–46, given with or without its letter ("4411", "D4411", "D")."""
        distinct, inverse = np.unique(self.industry_code.astype(str), return_inverse=True)
        utility = np.array([_is_utility_code(code) for code in distinct.tolist()], dtype=bool)
        return utility[inverse.reshape(-1)]


def _is_utility_code(code: str) -> bool:
    code = code.upper()
    if code[:1] == "D":  # the 门类 letter of 电力、热力、燃气及水生产和供应业
        return True
    return code.lstrip("ABCDEFGHIJKLMNOPQRST")[:2] in UTILITY_DIVISIONS


def _codes(column: Sequence) -> np.ndarray:
    """Text codes stripped, None as "": a parcel code "G1 " and "G1" are one parcel, and "" means none."""
    return np.array(["" if code is None else str(code).strip() for code in column], dtype=object)


def _given(columns: dict, name: str, default, n: int) -> Sequence:
    """The column if given (a list or a numpy array: no `or`, which an array refuses), else n defaults."""
    column = columns.get(name)
    return [default] * n if column is None else column


def _floats(column: Sequence | None, n: int) -> np.ndarray:
    """float64 with NaN for missing: None, NaN and Decimals from the database all read the same way."""
    if column is None:
        return np.full(n, np.nan)
    if isinstance(column, np.ndarray) and column.dtype.kind in "fiub":
        return column.astype(np.float64)
    return np.array([np.nan if value is None else float(value) for value in column], dtype=np.float64)

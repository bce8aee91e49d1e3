"""Synthetic 亩均 figures: parcels and several years of EnterpriseYear rows for a set of enterprises.

One generator for the demo (a few hundred firms), the evaluation benchmark and the province database
(100,000 firms over five years). Each firm has a lasting character (land, output density, tax rate, energy
intensity) and varies by some percent a year, so grades are stable with movers, as in a real zone: a few
firms stay at the bottom year after year (they meet the three-D-years policies), some grow, a few stop
producing and leave their land idle.
"""

import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhaoshang.evaluation.engine.data import LEASED, OWN
from zhaoshang.evaluation.models import EnterpriseYear, Parcel

MANUFACTURING = ["1310", "1461", "1713", "2231", "2614", "2710", "2929", "3011", "3130", "3311", "3411", "3484",
                 "3511", "3670", "3741", "3824", "3912", "3976", "4011"]
UTILITIES = ["4411", "4430", "4610"]
TWO = Decimal("0.01")


@dataclass
class Firm:
    enterprise_id: int
    land: float
    density: float  # 营业收入 per 亩 (万元)
    tax_rate: float
    energy: float  # 吨标煤 per 万元
    labour: float  # 万元 revenue per employee
    rd: float | None
    industry: str
    started: int
    trend: float
    stops: int | None  # the year it stops producing (idle land), if it does
    building: bool
    emissions_known: bool
    parcel_index: int
    tenure: str


def _d(value: float) -> Decimal:
    return Decimal(value).quantize(TWO)


def plan_firms(enterprise_ids: list[int], *, first_year: int, rng: random.Random,
               late_starters: float = 0.06) -> list[Firm]:
    """`late_starters`: the share of firms that begin producing within the years generated."""
    firms: list[Firm] = []
    parcel = -1
    for n, enterprise_id in enumerate(enterprise_ids):
        leased = n > 0 and rng.random() < 0.12  # a tenant in the previous owner's buildings
        if not leased:
            parcel += 1
        chronic = rng.random() < 0.03
        firms.append(Firm(
            enterprise_id=enterprise_id,
            land=round(rng.lognormvariate(math.log(10 if leased else 28), 0.9) + (1.5 if not leased else 0.5), 2),
            density=rng.lognormvariate(math.log(60 if chronic else 260), 0.85),
            tax_rate=(rng.uniform(0.002, 0.01) if chronic else min(0.12, rng.lognormvariate(math.log(0.04), 0.5))),
            energy=rng.lognormvariate(math.log(0.05), 0.7),
            labour=rng.lognormvariate(math.log(90), 0.5),
            rd=None if rng.random() < 0.25 else rng.uniform(0.003, 0.06),
            industry=rng.choice(UTILITIES) if rng.random() < 0.02 else rng.choice(MANUFACTURING),
            started=first_year - 1 - int(rng.expovariate(1 / 12)) if rng.random() >= late_starters else first_year + rng.randint(0, 4),
            trend=rng.gauss(0.03, 0.06),
            stops=first_year + rng.randint(0, 4) if rng.random() < 0.015 else None,
            building=rng.random() < 0.02,
            emissions_known=rng.random() > 0.2,
            parcel_index=parcel, tenure=LEASED if leased else OWN,
        ))
    return firms


def parcels_for(zone, firms: list[Firm], *, prefix: str, rng: random.Random, idle: int = 0) -> list[Parcel]:
    """One parcel per owner (tenants share their owner's), plus `idle` parcels supplied to nobody producing."""
    count = max((firm.parcel_index for firm in firms), default=-1) + 1
    areas = [0.0] * count
    owners: list[int | None] = [None] * count
    for firm in firms:
        if firm.tenure == OWN:
            areas[firm.parcel_index] = firm.land
            owners[firm.parcel_index] = firm.enterprise_id
    rows = [Parcel(zone=zone, code=f"{prefix}{i + 1:05d}", area_mu=_d(max(area, 1.0)),
                   supplied_on=date(2004 + rng.randint(0, 16), rng.randint(1, 12), rng.randint(1, 28)),
                   owner_id=owners[i], location=f"{rng.choice('东西南北')}区第{i % 40 + 1}街坊")
            for i, area in enumerate(areas)]
    rows += [Parcel(zone=zone, code=f"{prefix}X{i + 1:03d}", area_mu=_d(rng.uniform(15, 120)),
                    supplied_on=date(2018 + rng.randint(0, 4), rng.randint(1, 12), rng.randint(1, 28)),
                    location="新区待建地块", note="已出让, 尚未开工")
             for i in range(idle)]
    return rows


def year_rows(zone, firms: list[Firm], parcels: list[Parcel], *, years: range, rng: random.Random,
              industries: dict[str, int]) -> list[EnterpriseYear]:
    rows = []
    for firm in firms:
        for year in years:
            if year < firm.started:
                continue
            growth = (1 + firm.trend) ** (year - years.start) * rng.uniform(0.9, 1.1)
            producing = firm.stops is None or year < firm.stops
            revenue = firm.land * firm.density * growth if producing else 0.0
            tax = revenue * firm.tax_rate * rng.uniform(0.85, 1.15)
            energy = revenue * firm.energy
            above = revenue >= 2000
            rows.append(EnterpriseYear(
                zone=zone, enterprise_id=firm.enterprise_id, year=year, above_scale=above,
                land_mu=_d(firm.land), parcel=parcels[firm.parcel_index], tenure=firm.tenure,
                revenue=_d(revenue), tax=_d(tax), value_added=_d(revenue * rng.uniform(0.18, 0.32)),
                energy_tce=_d(energy) if above or rng.random() < 0.5 else None,
                electricity=_d(energy * 0.45 / 1.229),
                emissions=_d(revenue * 0.0004 * rng.uniform(0.3, 2)) if firm.emissions_known and producing else None,
                employees=max(3, int(revenue / firm.labour)) if producing else 0,
                rd=_d(revenue * firm.rd) if firm.rd is not None else None,
                production_year=firm.started, industry_id=industries.get(firm.industry),
                under_construction=firm.building and year == years.stop - 1,
            ))
    return rows

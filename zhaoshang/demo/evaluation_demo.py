"""The demo's 亩均评价: each zone's industrial firms with three years of figures, parcels (some idle),
the 淮安 2024 scheme, published grades for the earlier years and a draft with the min–max scheme beside
this year's published run, so the summary, the report cards, the comparison and idle land all have data.
"""

import random
from datetime import date

from zhaoshang.accounts.models import Role
from zhaoshang.demo import texts
from zhaoshang.demo.clock import DemoClock
from zhaoshang.demo.evaluation_data import parcels_for, plan_firms, year_rows
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind
from zhaoshang.enterprises.credit_code import ALPHABET, check_character
from zhaoshang.enterprises.models import Enterprise, EnterpriseTag
from zhaoshang.enterprises.services import enterprise_create
from zhaoshang.evaluation import schemes, services
from zhaoshang.evaluation.models import EnterpriseYear, Parcel
from zhaoshang.geo.models import Industry
from zhaoshang.jobs.runner import run_job
from zhaoshang.organisation.models import Zone

EXTRA_FIRMS = 140  # besides the zone's in-zone firms of the project library
SUFFIXES = ("精密机械", "新材料", "电子科技", "包装制品", "五金制品", "纺织", "化工", "食品", "汽车零部件",
            "电气设备", "塑胶制品", "海洋装备", "生物科技", "金属制品")
PENALISED_SHARE = 0.02


def build_evaluation(zone: Zone, *, today: date, clock: DemoClock, rng: random.Random) -> None:
    admin = zone.users.filter(role=Role.ZONE_ADMIN).first()
    year = today.year - 1  # the figures of a year are complete the next spring
    years = range(year - 2, year + 1)
    city = zone.division.name[:2]
    with clock.on(date(year - 2, 3, 1)):
        taken = set(Enterprise.objects.filter(zone=zone).values_list("name", flat=True))
        for n in range(EXTRA_FIRMS):
            name = _name(city, rng, taken)
            tags = [(EnterpriseTagKind.HIGH_TECH, year - 3)] if rng.random() < 0.15 else []
            enterprise_create(zone=zone, by=admin, name=name, credit_code=_code(zone.division.code, rng),
                              location=EnterpriseLocation.IN_ZONE, tags=tags)
    firms_ids = list(Enterprise.objects.filter(zone=zone, location=EnterpriseLocation.IN_ZONE)
                     .exclude(credit_code="").order_by("pk").values_list("pk", flat=True))
    for pk in rng.sample(firms_ids, max(1, int(len(firms_ids) * PENALISED_SHARE))):
        EnterpriseTag.objects.get_or_create(enterprise_id=pk, kind=EnterpriseTagKind.PENALISED,
                                            defaults={"year": year})
    firms = plan_firms(firms_ids, first_year=years.start, rng=rng)
    parcels = Parcel.objects.bulk_create(parcels_for(zone, firms, prefix=f"{zone.code}-", rng=rng, idle=4))
    parcels = list(Parcel.objects.filter(zone=zone).order_by("pk"))
    industries = dict(Industry.objects.values_list("code", "pk"))
    EnterpriseYear.objects.bulk_create(year_rows(zone, firms, parcels, years=years, rng=rng,
                                                 industries=industries))

    with clock.on(date(year, 4, 20)):
        jiangsu = schemes.scheme_create(zone=zone, by=admin, preset="huaian-2024")
        minmax = schemes.scheme_create(zone=zone, by=admin, preset="jingde-minmax")
    for graded in years:
        with clock.on(date(graded + 1, 5, 10)):
            run = _evaluated(services.run_create(zone=zone, year=graded, scheme=jiangsu, by=admin,
                                                 note=f"{graded}年度亩均效益综合评价"))
            services.run_publish(run=run, by=admin)
    with clock.on(date(year + 1, 5, 12)):
        _evaluated(services.run_create(zone=zone, year=year, scheme=minmax, by=admin,
                                       note="试算: 极值法, 与已发布结果比较"))


def _evaluated(run):
    """Run the queued evaluation here and now: the demo publishes it next (the claim keeps a worker or
    the web process's thread from running it a second time)."""
    run_job(run.job_id)
    run.refresh_from_db()
    return run


def _name(city: str, rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{city}{''.join(rng.sample(texts.BRAND_CHARACTERS, 2))}{rng.choice(SUFFIXES)}有限公司"
        if name not in taken:
            taken.add(name)
            return name


def _code(area: str, rng: random.Random) -> str:
    body = f"91{area}MA" + "".join(rng.choice(ALPHABET) for _ in range(7))
    return body + check_character(body)

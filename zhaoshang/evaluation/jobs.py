"""Evaluation's background jobs: the two imports and an evaluation run. Importing this module registers
the handlers (see apps.py)."""

from zhaoshang.core.xlsx import run_import
from zhaoshang.evaluation import imports, services
from zhaoshang.jobs.runner import handler

IMPORT_DATA = "evaluation.import_data"
IMPORT_PARCELS = "evaluation.import_parcels"
RUN = "evaluation.run"


@handler(IMPORT_DATA)
def run_import_data(job, progress) -> dict:
    return run_import(imports.import_data, job, progress)


@handler(IMPORT_PARCELS)
def run_import_parcels(job, progress) -> dict:
    return run_import(imports.import_parcels, job, progress)


@handler(RUN)
def run_evaluation(job, progress) -> dict:
    return services.run_evaluation_job(job, progress)

"""Projects in and out of Excel: the template, the export, and the import run as a background job.

Importing this module registers the job handler, so an AppConfig.ready() must import it.
"""

from zhaoshang.core import xlsx
from zhaoshang.jobs.runner import handler
from zhaoshang.projects.excel.columns import (
    PROJECT_COLUMNS,
    export_projects,
    project_template,
)
from zhaoshang.projects.excel.importer import import_projects


@handler("projects.import")
def project_import_job(job, progress) -> dict:
    return xlsx.run_import(import_projects, job, progress)


__all__ = ["PROJECT_COLUMNS", "export_projects", "import_projects", "project_import_job", "project_template"]

"""Production serves hashed, compressed static files: collectstatic must succeed with that storage."""

from django.core.management import call_command


def test_collectstatic_succeeds_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for asset in ("vendor/bootstrap/bootstrap.min.css", "vendor/htmx/htmx.min.js", "vendor/echarts/echarts.min.js",
                  "vendor/sortablejs/Sortable.min.js", "css/app.css", "js/app.js"):
        assert f'"{asset}"' in manifest, asset

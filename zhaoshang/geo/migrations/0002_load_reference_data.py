from django.db import migrations

from zhaoshang.geo.loaders import load_divisions, load_industries


def load(apps, schema_editor):
    load_divisions(apps.get_model("geo", "Division"))
    load_industries(apps.get_model("geo", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

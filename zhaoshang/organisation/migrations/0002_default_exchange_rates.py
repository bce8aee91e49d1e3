from datetime import date
from decimal import Decimal

from django.db import migrations

# Yearly average CNY per USD from the national statistical communiqués (国民经济和社会发展统计公报),
# a starting point each zone may replace with its own rates.
DEFAULT_USD_RATES = {2020: "6.8974", 2021: "6.4515", 2022: "6.7261", 2023: "7.0467", 2024: "7.1217"}


def load(apps, schema_editor):
    ExchangeRate = apps.get_model("organisation", "ExchangeRate")
    for year, rate in DEFAULT_USD_RATES.items():
        ExchangeRate.objects.get_or_create(
            zone=None, currency="USD", valid_from=date(year, 1, 1),
            defaults={"rate": Decimal(rate), "source": f"{year}年统计公报全年平均汇率"},
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

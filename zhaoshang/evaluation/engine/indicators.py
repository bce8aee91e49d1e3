"""The indicators a scheme can weigh: each a ratio of two data columns, with its unit.

`numerator` and `denominator` name columns of `data.Dataset`; `percent` multiplies by 100. A value is
missing when either column is missing or the denominator is zero (an enterprise reporting no energy use
cannot be scored on energy efficiency; the scheme says what a missing value scores).
"""

from dataclasses import dataclass

# 1 万千瓦时 of electricity = 1.229 吨标准煤 (GB/T 2589 equivalent value, 0.1229 kgce/kWh).
TCE_PER_10K_KWH = 1.229


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    numerator: str
    denominator: str
    unit: str
    percent: bool = False
    note: str = ""


CATALOGUE: dict[str, Indicator] = {i.key: i for i in (
    Indicator("tax_per_mu", "亩均税收", "tax", "land_mu", "万元/亩"),
    Indicator("value_added_per_mu", "亩均增加值", "value_added", "land_mu", "万元/亩"),
    Indicator("sales_per_mu", "亩均销售收入", "revenue", "land_mu", "万元/亩"),
    Indicator("value_added_per_energy", "单位能耗增加值", "value_added", "energy_tce", "万元/吨标煤"),
    Indicator("tax_per_energy", "单位能耗税收", "tax", "energy_tce", "万元/吨标煤"),
    Indicator("tax_per_energy_or_electricity", "单位能耗(电耗)税收", "tax", "energy_or_electricity_tce",
              "万元/吨标煤", note="无综合能耗数据时, 用电量按 1.229 吨标煤/万千瓦时折算"),
    Indicator("tax_per_kwh", "单位电耗税收", "tax", "electricity", "元/千瓦时",
              note="税收(万元) ÷ 用电量(万千瓦时), 即每千瓦时电产生的税收(元)"),
    Indicator("value_added_per_emission", "单位排放增加值", "value_added", "emissions", "万元/吨"),
    Indicator("tax_per_emission", "单位排放税收", "tax", "emissions", "万元/吨"),
    Indicator("labour_productivity", "全员劳动生产率", "value_added", "employees", "万元/人·年"),
    Indicator("rd_intensity", "研发经费占比", "rd", "revenue", "%", percent=True),
)}

INDICATOR_CHOICES = [(key, f"{indicator.label}({indicator.unit})") for key, indicator in CATALOGUE.items()]

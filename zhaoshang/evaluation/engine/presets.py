"""Schemes that ship, from published documents (../shared/domain/EVALUATION.md). A zone copies one and
edits its copy; the numbers below are the documents' own except where a comment says otherwise."""

from zhaoshang.evaluation.engine.scheme import (
    ABOVE, BELOW, ELECTRICITY, FIXED, MINMAX, MISSING_AVERAGE, MISSING_ZERO, NO_BASIS, OWNER, POOLED, PREV_MEAN,
    RATIO, SEPARATE, SHARES, BonusSpec, IndicatorSpec, PolicyRule, SchemeSpec,
)

# 海宁 2025 draft: D pays +0.3 元/kWh, +0.4 after three D years in a row.
HAINING_SURCHARGE = (
    PolicyRule("差别化电价", "D", 1, 0.3, ELECTRICITY, "D类企业用电加价 0.3 元/千瓦时"),
    PolicyRule("差别化电价", "D", 3, 0.4, ELECTRICITY, "连续三年D类, 加价 0.4 元/千瓦时"),
)
# Shandong 2022: +0.05, +0.10 for two years, +0.15 for three or more (the highest applies, no stacking).
SHANDONG_SURCHARGE = (
    PolicyRule("差别化电价", "D", 1, 0.05, ELECTRICITY, "D类企业用电加价 0.05 元/千瓦时"),
    PolicyRule("差别化电价", "D", 2, 0.10, ELECTRICITY, "连续两年D类, 加价 0.10 元/千瓦时"),
    PolicyRule("差别化电价", "D", 3, 0.15, ELECTRICITY, "连续三年及以上D类, 加价 0.15 元/千瓦时"),
)
# Nanjing: D enterprises are barred from land auctions and awards.
D_MEASURES = (
    PolicyRule("用地与评优", "D", 1, None, NO_BASIS, "不得参与土地竞买, 不得参与评优评先"),
    PolicyRule("用地与评优", "A", 1, None, NO_BASIS, "优先保障新增用地和用能指标"),
)


def _fixed(key, group, weight, value, **kw):
    return IndicatorSpec(key=key, group=group, weight=weight, benchmark=FIXED, value=value, **kw)


def _prev(key, group, weight, factor=2.0, **kw):
    return IndicatorSpec(key=key, group=group, weight=weight, benchmark=PREV_MEAN, factor=factor, **kw)


HUANGYAN_2022 = SchemeSpec(
    name="黄岩 2022(浙江)",
    description=("浙江台州黄岩区 2022 年工业企业亩均效益综合评价: 规上六项指标, 规下两项, 基准值为当年公布值; "
                 "排放数据缺失的企业该项得平均分。分类比例文件未载明, 此处取 20/40/35/5%, 使用前请核对当年文件。"),
    below_scale_min_mu=3.0,
    min_years_in_production=2,
    parcel_rule=SEPARATE,
    method=RATIO,
    indicators=(
        _fixed("tax_per_mu", ABOVE, 30, 24.097),
        _fixed("value_added_per_mu", ABOVE, 20, 136.16),
        _fixed("value_added_per_energy", ABOVE, 20, 2.694),
        _fixed("value_added_per_emission", ABOVE, 10, 4929.81, missing=MISSING_AVERAGE),
        _fixed("labour_productivity", ABOVE, 10, 18.14),
        _fixed("rd_intensity", ABOVE, 10, 3.02),
        _fixed("tax_per_mu", BELOW, 50, 11.5932),
        _fixed("tax_per_kwh", BELOW, 50, 0.2352),
    ),
    class_method=SHARES,
    shares=(20.0, 40.0, 35.0, 5.0),
    policies=HAINING_SURCHARGE,
)

HUAIAN_2024 = SchemeSpec(
    name="淮安 2024(江苏)",
    description=("江苏淮安 2024 年: 亩均税收 45、亩均销售收入 35、单位能耗(电耗)税收 20; 基准值为上年全区平均值的 2 倍, "
                 "单项得分以权重的 2 倍封顶; A/B/C/D 按 20/40/35/5%。加减分项为示例, 请按当年文件调整。"),
    below_scale_min_mu=3.0,
    min_years_in_production=2,
    parcel_rule=OWNER,
    method=RATIO,
    indicators=(
        _prev("tax_per_mu", ABOVE, 45, cap=2.0),
        _prev("sales_per_mu", ABOVE, 35, cap=2.0),
        _prev("tax_per_energy_or_electricity", ABOVE, 20, cap=2.0),
        _prev("tax_per_mu", BELOW, 45, cap=2.0),
        _prev("sales_per_mu", BELOW, 35, cap=2.0),
        _prev("tax_per_energy_or_electricity", BELOW, 20, cap=2.0),
    ),
    bonuses=(
        BonusSpec("高新技术企业", "高新技术企业", 3),
        BonusSpec("专精特新企业", "专精特新", 2),
        BonusSpec("安全生产或环保处罚", "安全环保处罚", -5),
    ),
    bonus_cap=5.0,
    class_method=SHARES,
    shares=(20.0, 40.0, 35.0, 5.0),
    policies=SHANDONG_SURCHARGE + D_MEASURES,
    # The benchmark is twice the average, so half of it is the average itself; a quarter flags firms at
    # half the average or less as under-using their land.
    underuse_share=25.0,
)

JINGDE_MINMAX = SchemeSpec(
    name="旌德式极值法(安徽)",
    description=("安徽旌德式极值法: 得分 = 权重 × (20 + 80 × (x − 最小值) ÷ (最大值 − 最小值)) ÷ 100; 规上指标权重取安徽某市"
                 "(亩均税收 45、亩均销售收入 20、单位能耗增加值 15、研发经费占比 15、全员劳动生产率 5), 规下只评亩均税收; "
                 "A/B/C/D 按 25/45/25/5%。"),
    below_scale_min_mu=5.0,
    min_years_in_production=3,
    parcel_rule=POOLED,
    method=MINMAX,
    indicators=(
        IndicatorSpec("tax_per_mu", ABOVE, 45, missing=MISSING_ZERO),
        IndicatorSpec("sales_per_mu", ABOVE, 20),
        IndicatorSpec("value_added_per_energy", ABOVE, 15),
        IndicatorSpec("rd_intensity", ABOVE, 15),
        IndicatorSpec("labour_productivity", ABOVE, 5),
        IndicatorSpec("tax_per_mu", BELOW, 100),
    ),
    class_method=SHARES,
    shares=(25.0, 45.0, 25.0, 5.0),
    policies=HAINING_SURCHARGE,
)

PRESETS: dict[str, SchemeSpec] = {
    "huangyan-2022": HUANGYAN_2022,
    "huaian-2024": HUAIAN_2024,
    "jingde-minmax": JINGDE_MINMAX,
}
PRESET_CHOICES = [(key, spec.name) for key, spec in PRESETS.items()]

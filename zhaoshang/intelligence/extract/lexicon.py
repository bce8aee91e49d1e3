"""The words of the genre that the three extractors share: stages, amount kinds, outputs, tense marks.

Stage codes are those of zhaoshang.projects.choices.Stage, so an extracted stage can become a stage event
without translation; two more events exist only for statistics and targets: fdi_utilised (实际利用外资,
counted when money arrives) and investment_completed (完成投资 of major projects).
"""

import re

STAGE_ORDER = ("lead", "negotiating", "intent", "signed", "registered", "land_supplied", "started", "completed",
               "producing", "full_production")

# Longest first inside each alternation is not needed: the regex below is built longest-first.
STAGE_WORDS = {
    "项目信息": "lead", "线索": "lead",
    "在谈": "negotiating", "洽谈": "negotiating", "对接": "negotiating", "接洽": "negotiating", "磋商": "negotiating",
    "意向": "intent", "框架协议": "intent", "落地意向": "intent", "合作意向": "intent", "投资意向": "intent",
    "签约": "signed", "签订": "signed", "签署": "signed", "落户": "signed", "引进": "signed", "招引": "signed",
    "入区": "signed", "入园": "signed", "落地": "signed", "签下": "signed",
    "注册": "registered", "颁照": "registered", "领照": "registered", "正式成立": "registered", "注册成立": "registered",
    "供地": "land_supplied", "拿地": "land_supplied", "摘牌": "land_supplied",
    "开工": "started", "动工": "started", "开建": "started", "破土": "started", "奠基": "started", "在建": "started",
    "打桩": "started", "施工": "started", "开工建设": "started", "主体封顶": "started", "封顶": "started",
    "竣工": "completed", "完工": "completed", "建成": "completed",
    "投产": "producing", "试生产": "producing", "试产": "producing", "投用": "producing", "投入使用": "producing",
    "投入运营": "producing", "建成投产": "producing", "竣工投产": "producing",
    "达产": "full_production", "达效": "full_production", "满产": "full_production",
    # compounds that contain a stage word but name no stage
    "注册资本": "", "注册地": "", "施工人员": "", "施工单位": "", "开工率": "", "签约率": "", "落地率": "",
}
STAGE_RE = re.compile("|".join(sorted(map(re.escape, STAGE_WORDS), key=len, reverse=True)))

# Planned, conditional or wished-for: the stage word after these is not a stage reached.
FUTURE_RE = re.compile(r"将|拟|计划|预计|力争|争取|确保|有望|即将|准备|筹备|待|要|后|前的|目标|力求|可望|今年内|年内|"
                       r"尽快|尽早|推动|促进|加快|加速|推进|跟踪")
PAST_RE = re.compile(r"已|已经|正式|顺利|以来|成功|完成|实现了|了")

# A planned stage implies the one before it has been reached (将于一季度动工: signed).
BEFORE = {"signed": "negotiating", "intent": "negotiating", "registered": "signed", "land_supplied": "signed",
          "started": "signed", "completed": "started", "producing": "started", "full_production": "producing"}

# Money kinds of a project, by the words just before the amount.
AMOUNT_KIND = re.compile(
    r"(?P<kind>固定资产投资|固投|总投资额|投资总额|总投资|计划投资|拟投资|投资额|投资|"
    r"注册外资|合同外资|到账外资|利用外资|外资)(?:额)?(?:约|达到|达|超过|超|近|逾|为|共|合计|预计|计)?$")
KIND_NAME = {"固定资产投资": "fixed_asset", "固投": "fixed_asset",
             "注册外资": "foreign", "合同外资": "foreign", "到账外资": "foreign", "利用外资": "foreign",
             "外资": "foreign"}

# Expected outputs of a project, by the words just before the amount.
OUTPUT_KIND = re.compile(
    r"(?P<kind>应税销售(?:收入)?|开票销售(?:收入)?|销售收入|销售额|营业收入|主营业务收入|营收|工业产值|产值|"
    r"税收|税金|纳税|利税|利润|出口额|出口)(?:额)?(?:约|达到|达|超过|超|近|逾|可达|为|共|合计)?$")
OUTPUT_NAME = {"应税销售": "taxable_sales", "应税销售收入": "taxable_sales", "开票销售": "invoiced_sales",
               "开票销售收入": "invoiced_sales", "销售收入": "sales", "销售额": "sales", "营业收入": "sales",
               "主营业务收入": "sales", "营收": "sales", "工业产值": "output", "产值": "output", "税收": "tax",
               "税金": "tax", "纳税": "tax", "利税": "profit_and_tax", "利润": "profit", "出口额": "exports",
               "出口": "exports"}
# An output is the project's only when announced for after it is built: 达产后可实现…, 预计年新增…
OUTPUT_FRAME = re.compile(r"达产|达效|建成后|投产|建成|满产|预计|可实现|可形成|可新增|将实现|将新增|年新增|新增|可带动|可达|"
                          r"每年可|年可|预期")
JOBS = re.compile(r"(?:提供|新增|带动|解决)(?:就业岗位|就业|岗位)(?P<n>\d+(?:\.\d+)?)(?P<wan>万)?(?:余|多)?(?:个|人)")

# A figure describing a company, not a project (年产值360亿元的上市公司).
COMPANY_SIZE = re.compile(r"^(?:以上|左右|多)?的(?:上市公司|企业|公司|集团|龙头|行业|大型|知名|民营|国有|央企|外资企业)")

# Targets: the words that make a sentence a plan rather than a report.
TARGET_RE = re.compile(r"力争|确保|争取|目标|不少于|不低于|至少|力求|全年计划|计划新|要实现|任务|考核|必须|个以上")
COMPARATOR_MAX = re.compile(r"不超过|不高于|以内|控制在")

"""盐城市亭湖经济开发区, as reported in the autumn (seed article 001, taken as written on 2023-10-15).

Reported facts are kept as reported; amounts the article does not give (联东U谷, 和阳二期, 卡其星, 168光电, the
five robot-event projects beyond "亿元项目", the storage base under negotiation) are chosen plausibly, and
credit codes, unknown, are left blank.
"""

from datetime import date as d

from zhaoshang.demo.seeds import Article, SeedFirm, SeedProject, SeedTalk, SeedUpdate
from zhaoshang.enterprises.choices import EnterpriseLocation as Where
from zhaoshang.enterprises.choices import EnterpriseTagKind as Tag
from zhaoshang.projects.choices import Channel, MajorLevel, Stage, Top500

ROBOT_EVENT = "新洋经济区 机器人产业招商推介活动"
ROBOT_SIGNING = d(2023, 9, 21)
CHAIN_LEADER = "立铠精密(链主企业)"

FIRMS = (
    SeedFirm("jingchuang", "景创新能源科技(盐城)有限公司", "384", "320902", contacts=(("罗建平", "项目总指挥"),),
             established=d(2023, 2, 8), description="可充式锂离子电池电芯、封装和系统整合的研发、生产和营销。"),
    SeedFirm("wanbang", "万帮数字能源股份有限公司", "382", "320412", location=Where.TARGET,
             tags=((Tag.PRIVATE_500, 0), (Tag.HIGH_TECH, -1)), contacts=(("陈琪军", "项目现场负责人"),)),
    SeedFirm("trina", "天合光能股份有限公司", "382", "320411", location=Where.TARGET,
             tags=((Tag.LISTED, 2020), (Tag.CHINA_500, 0), (Tag.HIGH_TECH, -1)), website="https://www.trinasolar.com",
             contacts=(("邵建国", "基地建设总监"),), description="光伏智慧能源整体解决方案提供商。"),
    SeedFirm("yutu", "上海驭途智能科技有限公司", "367", "310114", location=Where.TARGET, contacts=(("唐浩然", "总经理"),)),
    SeedFirm("yuntong", "杭州联合云通电子商务有限公司", "529", "330106", location=Where.TARGET,
             contacts=(("叶丽萍", "运营总监"),)),
    SeedFirm("dianguan", "深圳电关智能装备有限公司", "349", "440306", location=Where.TARGET,
             contacts=(("龙振华", "董事长"),)),
    SeedFirm("jietu", "苏州洁途机器人科技有限公司", "396", "320506", location=Where.TARGET, contacts=(("薛明", "副总经理"),)),
    SeedFirm("bainian", "北京百年集散商业管理有限公司", "519", "110105", location=Where.TARGET,
             contacts=(("段国栋", "总经理"),)),
    SeedFirm("chuyao", "上海储曜自动化科技有限公司", "384", "310112", location=Where.TARGET, contacts=(("任志强", "董事长"),)),
    SeedFirm("liandong", "北京联东投资(集团)有限公司", "722", "110100", location=Where.TARGET,
             contacts=(("熊海燕", "华东区域投资经理"),), description="联东U谷产业园区开发运营。"),
    SeedFirm("heyang", "盐城和阳智能电梯部件有限公司", "343", "320902", tags=((Tag.ABOVE_SCALE, -3), (Tag.HIGH_TECH, -1)),
             contacts=(("冯德明", "总经理"), ("游泉", "财务经理"))),
    SeedFirm("kaqixing", "卡其星精密科技(盐城)有限公司", "398", "320902", contacts=(("黎志强", "总经理"),)),
    SeedFirm("gd168", "盐城一六八光电科技有限公司", "397", "320902", contacts=(("侯亚军", "总经理"),)),
    SeedFirm("likai", "立铠精密科技(盐城)有限公司", "398", "320902", tags=((Tag.ABOVE_SCALE, -3),),
             contacts=(("江卫东", "行政总监"),), description="3C精密结构件，园区电子信息产业链链主企业。"),
    SeedFirm("ruisai", "江苏中科睿赛环境工程有限公司", "772", "320902", tags=((Tag.HIGH_TECH, -1),)),
    SeedFirm("qingyuan", "江苏中创清源科技有限公司", "359", "320902",
             tags=((Tag.LITTLE_GIANT, 0), (Tag.SPECIALISED, -2), (Tag.HIGH_TECH, -2)), contacts=(("毛新民", "总经理"),)),
    SeedFirm("annatai", "盐城安纳泰科技有限公司", "651", "320902", tags=((Tag.TECH_SME, 0),)),
    SeedFirm("kunlun", "盐城昆仑互联网络科技有限公司", "651", "320902", tags=((Tag.HIGH_TECH, -1),),
             description="通过CMMI认证的软件企业。"),
    SeedFirm("hongshi", "江苏鸿石智能科技有限公司", "349", "320902", tags=((Tag.TECH_SME, 0),),
             description="入选省首批星级上云企业。"),
)


def robot_project(name: str, firm: str, officer: str, total: int, industry: str, contacted: d, talks: d) -> SeedProject:
    """One of the five 亿元 projects signed together at the robot-industry promotion event."""
    return SeedProject(
        name, firm, "机器人产业招商组", officer, total, industry, Channel.EVENT,
        {Stage.LEAD: contacted, Stage.CONTACTED: contacted, Stage.NEGOTIATING: talks, Stage.SIGNED: ROBOT_SIGNING},
        talks=(SeedTalk(ROBOT_SIGNING, "event", f"{name}在机器人产业招商推介活动中集中签约，同批签约5个亿元项目，涵盖物流、机器人、"
                        "高端家具、电商平台运营等领域。", ROBOT_EVENT, "协助企业办理项目公司注册"),),
    )


PROJECTS = (
    SeedProject(
        "景创锂钠动力储能项目", "jingchuang", "动力及储能电池产业链专班", "th_officer2", 500_000, "384", Channel.DIRECT,
        {Stage.LEAD: d(2022, 8, 18), Stage.CONTACTED: d(2022, 9, 2), Stage.NEGOTIATING: d(2022, 10, 20),
         Stage.INTENT: d(2022, 12, 6), Stage.SIGNED: d(2023, 1, 12), Stage.REGISTERED: d(2023, 2, 8),
         Stage.LAND_SUPPLIED: d(2023, 4, 6), Stage.STARTED: d(2023, 4, 12)},
        fields=dict(fixed_asset_investment=400_000, description=(
            "计划总投资50亿元，拟分三期实施，专注于可充式锂离子电池的电芯、封装和系统整合的研发、生产和营销。全部建成达效后，"
            "可形成年产2万台(套)新能源智能装备的生产能力。力争一期项目10月底前竣工投产。")),
        updates=(SeedUpdate(d(2023, 2, 20), "th_power", dict(major_level=MajorLevel.CITY)),),
        talks=(
            SeedTalk(d(2023, 4, 12), "visit", "区里开设绿色通道，项目拿地即开工。", "项目现场", "按倒排节点推进一期厂房建设"),
            SeedTalk(d(2023, 10, 15), "visit", "项目现场车辆来回穿梭，工人干劲十足，部分厂房主体已封顶，力争一期项目10月底前竣工投产。",
                     "项目现场", "督促一期10月底前竣工投产", d(2023, 10, 31)),
        ),
    ),
    SeedProject(
        "万帮锂电储能集成系统装备研发制造项目", "wanbang", "万帮储能项目专班", "th_officer2", 1_000_000, "382", Channel.DIRECT,
        {Stage.LEAD: d(2022, 1, 10), Stage.CONTACTED: d(2022, 1, 18), Stage.NEGOTIATING: d(2022, 3, 1),
         Stage.SIGNED: d(2022, 5, 20), Stage.REGISTERED: d(2022, 6, 16), Stage.LAND_SUPPLIED: d(2022, 8, 9),
         Stage.STARTED: d(2022, 8, 26), Stage.COMPLETED: d(2023, 9, 26)},
        fields=dict(major_level=MajorLevel.PROVINCE, top500=Top500.PRIVATE, expected_taxable_sales=1_500_000,
                    description="拟建成10GWh的固态锂电储能集成系统装备制造、配套的精密机械加工以及智能箱变项目，全部投产达效后，"
                                "预计可实现年开票销售150亿元。"),
        talks=(
            SeedTalk(d(2023, 5, 17), "visit", "项目现场负责人陈琪军反映，为加快项目建设新增50多名工人，住宿没有着落。统筹环保科技城"
                     "重大项目专班团队资源，当天协调到一处靠近项目现场的临时安置点，可满足全部施工人员住宿。", "项目现场",
                     "跟踪安置点水电和通勤安排", by="th_wanghao"),
            SeedTalk(d(2023, 10, 12), "visit", "技术人员正在安装调试生产设备，确保如期投产。", "生产车间",
                     "协调供电公司完成正式用电验收，确保如期投产", d(2023, 10, 31), by="th_wanghao"),
        ),
    ),
    SeedProject(
        "天合光能新能源产业基地项目", "trina", "动力及储能电池产业链专班", "th_power", 1_000_000, "382", Channel.DIRECT,
        {Stage.LEAD: d(2023, 2, 14), Stage.CONTACTED: d(2023, 3, 2), Stage.NEGOTIATING: d(2023, 4, 11),
         Stage.INTENT: d(2023, 6, 8), Stage.SIGNED: d(2023, 7, 18)},
        fields=dict(major_level=MajorLevel.PROVINCE, top500=Top500.CHINA, description="新签约总投资100亿元。"),
        talks=(
            SeedTalk(d(2023, 3, 2), "visit", "赴常州拜访天合光能总部，介绍亭湖新能源产业基础和“4+1+1”产业发展格局。",
                     "常州 天合光能总部", "邀请企业来亭湖实地考察"),
            SeedTalk(d(2023, 7, 18), "meeting", "天合光能项目签约，总投资100亿元。", "亭湖区招商中心", "成立项目服务专班"),
        ),
    ),
    robot_project("智能无人自动驾驶项目", "yutu", "th_robot", 30_000, "367", d(2023, 7, 11), d(2023, 8, 15)),
    robot_project("联合云通电商基地项目", "yuntong", "th_officer", 12_000, "529", d(2023, 7, 20), d(2023, 8, 24)),
    robot_project("电关巡检机器人项目", "dianguan", "th_officer5", 15_000, "349", d(2023, 7, 4), d(2023, 8, 9)),
    robot_project("清洁机器人项目", "jietu", "th_officer", 10_000, "396", d(2023, 8, 1), d(2023, 8, 30)),
    robot_project("全球百年集散街区项目", "bainian", "th_robot", 20_000, "519", d(2023, 7, 26), d(2023, 9, 5)),
    SeedProject(
        "全自动储能生产基地项目", "chuyao", "基础电子元器件产业链招商二组", "th_chenjw", 25_000, "384", Channel.DIRECT,
        {Stage.LEAD: d(2023, 5, 26), Stage.CONTACTED: d(2023, 6, 9), Stage.NEGOTIATING: d(2023, 7, 13)},
        talks=(
            SeedTalk(d(2023, 6, 9), "visit", "赴上海拜访企业，了解全自动储能产线扩产计划，企业在长三角比选三个地点。", "上海 企业总部",
                     "邀请企业来亭湖考察"),
            SeedTalk(d(2023, 7, 13), "meeting", "企业来亭湖考察，察看拟选地块和标准厂房，就用地和厂房代建方案进行洽谈。",
                     "亭湖区招商中心", "形成投资协议初稿"),
            SeedTalk(d(2023, 8, 3), "visit", "第二次赴沪，与企业逐条商谈协议文本，双方在设备补助上已接近一致。", "上海 企业总部",
                     "报区政府研究补助方案"),
            SeedTalk(d(2023, 8, 24), "meeting", "企业第二次来盐，就用地、厂房代建和补助达成一致，项目有望9月份正式签约。",
                     "亭湖区招商中心", "争取9月份正式签约", d(2023, 9, 30)),
            SeedTalk(d(2023, 10, 10), "call", "企业董事会审批延后，签约时间顺延。", "", "跟进董事会审批，争取尽快签约", d(2023, 10, 31)),
        ),
    ),
    SeedProject(
        "联东U谷·亭湖国际企业港项目", "liandong", "上海招商大本营", "th_officer3", 120_000, "722", Channel.DIRECT,
        {Stage.LEAD: d(2022, 12, 8), Stage.CONTACTED: d(2023, 1, 5), Stage.NEGOTIATING: d(2023, 2, 16),
         Stage.SIGNED: d(2023, 5, 11), Stage.REGISTERED: d(2023, 6, 8), Stage.LAND_SUPPLIED: d(2023, 8, 10),
         Stage.STARTED: d(2023, 8, 30)},
        fields=dict(land_area_mu=210, description="建设标准厂房、研发办公和配套服务设施，为中小制造企业提供承接载体。"),
    ),
    SeedProject(
        "盐城和阳智能电梯部件有限公司二期项目", "heyang", "新型交通产业招商组", "th_officer4", 30_000, "343", Channel.DIRECT,
        {Stage.CONTACTED: d(2021, 9, 14), Stage.NEGOTIATING: d(2021, 10, 20), Stage.SIGNED: d(2021, 12, 16),
         Stage.LAND_SUPPLIED: d(2022, 2, 24), Stage.STARTED: d(2022, 3, 8), Stage.COMPLETED: d(2022, 12, 20),
         Stage.PRODUCING: d(2023, 2, 16)},
        fields=dict(phase=2, is_expansion=True),
        talks=(SeedTalk(d(2023, 10, 13), "visit", "生产车间里工业机器人组成“制造大军”。企业强化智改数转、扩大生产规模，据财务经理游泉"
                        "介绍，上半年已完成5亿多元销售额，下半年在手订单约3亿元。", "生产车间", "协助申报智改数转项目补助"),),
    ),
    SeedProject(
        "卡其星3C精密结构件项目", "kaqixing", "基础电子元器件产业链招商二组", "th_officer4", 20_000, "398", Channel.CHAIN,
        {Stage.LEAD: d(2023, 1, 9), Stage.CONTACTED: d(2023, 1, 16), Stage.NEGOTIATING: d(2023, 2, 21),
         Stage.SIGNED: d(2023, 4, 13), Stage.REGISTERED: d(2023, 5, 9), Stage.STARTED: d(2023, 6, 20)},
        fields=dict(referrer=CHAIN_LEADER, description="依托链主企业立铠精密开展链式招商引进，租赁标准厂房装修后投产。"),
    ),
    SeedProject(
        "168光电项目", "gd168", "基础电子元器件产业链招商二组", "th_chenjw", 10_000, "397", Channel.CHAIN,
        {Stage.LEAD: d(2023, 3, 6), Stage.CONTACTED: d(2023, 3, 14), Stage.NEGOTIATING: d(2023, 4, 18),
         Stage.SIGNED: d(2023, 6, 15), Stage.REGISTERED: d(2023, 7, 6)},
        fields=dict(referrer=CHAIN_LEADER, description="依托链主企业立铠精密开展链式招商引进的行业关联企业。"),
    ),
)

FIRM_TALKS = (
    ("likai", SeedTalk(d(2023, 9, 8), "visit", "走访链主企业立铠精密，梳理上下游配套企业清单，企业推荐3家结构件和模组配套企业。",
                       "企业", "列入客商资源清单逐一对接", by="th_chenjw")),
    ("qingyuan", SeedTalk(d(2023, 8, 30), "call", "企业入选第五批国家级专精特新“小巨人”企业，了解企业后续扩产和研发平台建设需求。",
                          "", "指导企业申报省级研发平台", by="th_officer3")),
)

ARTICLE = Article(zone="THKFQ", written=d(2023, 10, 15), firms=FIRMS, projects=PROJECTS, firm_talks=FIRM_TALKS)

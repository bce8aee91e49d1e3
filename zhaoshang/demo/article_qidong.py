"""启东经济开发区, as reported at the start of the year (seed article 000, taken as written on 2024-01-05).

Reported facts are kept as reported: amounts, stages and dates. Where the article gives no figure (the
amounts of 光来, 沃太二期, 腾安, 飞择, 氢翻 and the 西安 centre) a plausible one is chosen; company names the
article shortens are completed plausibly; credit codes, unknown, are left blank.
"""

from datetime import date as d

from zhaoshang.demo.seeds import Article, SeedFirm, SeedProject, SeedTalk, SeedUpdate
from zhaoshang.enterprises.choices import EnterpriseLocation as Where
from zhaoshang.enterprises.choices import EnterpriseTagKind as Tag
from zhaoshang.projects.choices import Channel, Stage

HUI_TAN_HUI = "上海 半导体及先进制造发展合作恳谈会"
QINGFAN = ("西华大学梅丽副教授团队在园区建设氢能领域新型膜材料研发及产业化基地，科创办提供厂房选址、注册落户、项目申报等"
           "全流程服务。已入驻园区高标准厂房，正在进行厂房装修。")

FIRMS = (
    SeedFirm("qianshuo", "乾朔电子科技(启东)有限公司", "398", "320681", contacts=(("何毅", "项目负责人"),),
             established=d(2023, 10, 12), description="3C电子连接器研发制造企业。"),
    SeedFirm("shenzhong", "上海神众智能科技有限公司", "356", "320681", contacts=(("周立群", "总经理"),),
             description="集成电路产业成套子系统、零部件研发制造。"),
    SeedFirm("zhichun", "上海至纯洁净系统科技股份有限公司", "356", "310112",
             tags=((Tag.LISTED, 2017), (Tag.HIGH_TECH, -1), (Tag.ABOVE_SCALE, -1)),
             contacts=(("严立峰", "启东基地总经理"),), description="半导体湿法设备及高纯工艺系统供应商，园区集成电路产业链链主企业。"),
    SeedFirm("guanglai", "光来精细电子(启东)有限公司", "398", "320681", contacts=(("沈国华", "总经理"),)),
    SeedFirm("wotai", "江苏沃太新能源科技有限公司", "384", "320681",
             tags=((Tag.HIGH_TECH, -2), (Tag.ABOVE_SCALE, -2)), contacts=(("张志刚", "副总经理"),),
             description="储能电池及系统集成企业，一期已投产。"),
    SeedFirm("tengan", "腾安智能装备(启东)有限公司", "349", "320681", contacts=(("蔡永刚", "董事长"),)),
    SeedFirm("feize", "江苏飞择电子科技有限公司", "397", "320681", contacts=(("邱晓峰", "总经理"),)),
    SeedFirm("qingfan", "江苏氢翻新能源科技有限公司", "266", "320681", contacts=(("梅丽", "创始人(西华大学副教授)"),),
             established=d(2023, 10, 18), description="氢能领域新型膜材料研发及产业化，由西华大学梅丽副教授团队创办。"),
    SeedFirm("xjtu", "西安交通大学科技与教育发展研究院", "732", "610100", location=Where.TARGET,
             contacts=(("刘明远", "副院长"),)),
    SeedFirm("naion", "上海钠源新能源科技有限公司", "384", "310114", location=Where.TARGET,
             contacts=(("贺卫东", "总经理"),)),
    SeedFirm("jingtuo", "苏州晶拓半导体设备有限公司", "356", "320506", location=Where.TARGET,
             contacts=(("许俊杰", "投资总监"),)),
    SeedFirm("hengchi", "无锡恒驰新能源装备有限公司", "382", "320214", location=Where.TARGET,
             contacts=(("孟海涛", "副总经理"),)),
    SeedFirm("hanwha", "韩华新能源(启东)有限公司", "382", "320681",
             tags=((Tag.GLOBAL_500, -1), (Tag.ABOVE_SCALE, -3))),
    SeedFirm("linyang", "江苏林洋能源股份有限公司", "382", "320681",
             tags=((Tag.LISTED, 2011), (Tag.HIGH_TECH, -1), (Tag.ABOVE_SCALE, -3))),
    SeedFirm("haisida", "江苏海四达电源股份有限公司", "384", "320681", tags=((Tag.HIGH_TECH, -2), (Tag.ABOVE_SCALE, -3))),
    SeedFirm("haosheng", "启东浩盛汽车配件有限公司", "367", "320681", tags=((Tag.ABOVE_SCALE, -2),),
             contacts=(("顾建华", "总经理"),)),
    SeedFirm("huitong", "启东汇通镀饰有限公司", "336", "320681"),
)

PROJECTS = (
    SeedProject(
        "乾朔电子连接器项目", "qianshuo", "深圳招商联络办公室", "qd_officer5", 50_000, "398", Channel.RESIDENT,
        {Stage.LEAD: d(2023, 4, 10), Stage.CONTACTED: d(2023, 4, 18), Stage.NEGOTIATING: d(2023, 5, 23),
         Stage.INTENT: d(2023, 7, 6), Stage.SIGNED: d(2023, 8, 25), Stage.REGISTERED: d(2023, 10, 12),
         Stage.LAND_SUPPLIED: d(2023, 11, 20), Stage.STARTED: d(2023, 12, 18)},
        fields=dict(fixed_asset_investment=42_000, land_area_mu=96, expected_jobs=800,
                    description="总投资5亿元，全部达产后可实现年产各类3C连接器10亿只，预计年新增应税销售6亿元、税收4000万元。"),
        updates=(SeedUpdate(d(2023, 6, 20), "qd_shenzhen", dict(expected_taxable_sales=60_000, expected_tax=4_000)),),
        talks=(
            SeedTalk(d(2023, 4, 18), "visit", "深圳招商联络办公室拜访企业。企业3C连接器订单增长快，深圳厂区已无扩产空间，计划在长三角"
                     "新建生产基地。介绍了园区电子信息产业配套和到上海的物流时效。", "深圳 企业总部", "邀请企业来启东实地考察"),
            SeedTalk(d(2023, 5, 23), "meeting", "企业一行来园区考察，察看拟选地块，就用地约96亩、厂房建设周期和设备补助进行洽谈。",
                     "管委会三楼会议室", "开展项目收支测算，报管委会研究"),
            SeedTalk(d(2023, 8, 25), "meeting", "乾朔电子连接器项目正式签约，总投资5亿元。", "管委会一楼签约厅",
                     "协助企业办理项目公司注册"),
            SeedTalk(d(2024, 1, 4), "visit", "项目现场机器轰鸣，运输车辆往来穿梭，施工人员正有序进行打桩作业。项目负责人何毅表示，"
                     "园区全方位的服务让企业劲头十足，一季度末主体工程要建至一层。", "项目现场",
                     "跟踪桩基进度，一季度末主体工程建至一层", d(2024, 3, 31)),
        ),
    ),
    SeedProject(
        "上海神众智能科技集成电路产业成套子系统、零部件研发制造项目", "shenzhong", "上海招商联络办公室", "qd_officer4",
        14_000, "356", Channel.CHAIN,
        {Stage.LEAD: d(2023, 12, 9), Stage.CONTACTED: d(2023, 12, 9), Stage.NEGOTIATING: d(2023, 12, 14),
         Stage.SIGNED: d(2023, 12, 26), Stage.REGISTERED: d(2023, 12, 26)},
        fields=dict(referrer="至纯科技(链主企业)",
                    description="计划总投资1.4亿元，已加入园区初步建立的产业链平台，投产后将为至纯科技提供相关配套支撑，"
                                "为园区集成电路产业强链补链提供核心引擎。从初次接触企业到正式签约、颁照仅用时18天。"),
        talks=(
            SeedTalk(d(2023, 12, 9), "meeting", "经至纯科技引荐初次接触企业，了解企业产品和扩产需求，判断项目符合园区集成电路产业定位。",
                     "上海", "三天内赴企业沟通落户方案"),
            SeedTalk(d(2023, 12, 14), "visit", "赴企业沟通落户方案，企业希望尽快获得过渡厂房并同步办理注册，现场明确帮办人员。",
                     "上海 企业", "协调标准厂房和注册材料"),
            SeedTalk(d(2023, 12, 20), "call", "协调解决企业注册地址、银行开户和厂房租赁等问题，签约文本已基本确定。", "",
                     "12月26日签约并颁发营业执照"),
            SeedTalk(d(2023, 12, 26), "meeting", "项目正式签约，同日颁发营业执照，从初次接触到签约、颁照仅用时18天。",
                     "管委会一楼签约厅", "做好开工前各项筹备"),
            SeedTalk(d(2024, 1, 5), "visit", "企业正忙着进行开工前的筹备，了解设备采购和人员招聘计划。", "企业",
                     "协助办理开工手续", d(2024, 2, 29)),
        ),
    ),
    SeedProject(
        "光来精细电子零部件及系统组装制造项目", "guanglai", "半导体产业招商组", "qd_semi", 26_000, "398", Channel.REFERRAL,
        {Stage.LEAD: d(2022, 11, 8), Stage.CONTACTED: d(2022, 11, 22), Stage.NEGOTIATING: d(2023, 1, 10),
         Stage.SIGNED: d(2023, 3, 16), Stage.REGISTERED: d(2023, 4, 11), Stage.LAND_SUPPLIED: d(2023, 6, 28),
         Stage.STARTED: d(2023, 8, 15)},
        fields=dict(referrer="园区企业推荐", land_area_mu=52),
        talks=(SeedTalk(d(2024, 1, 3), "visit", "项目在建，主厂房钢结构吊装，全力推进中。企业反映设备进场需提前协调道路。",
                        "项目现场", "协调设备进场道路"),),
    ),
    SeedProject(
        "沃太新能源二期项目", "wotai", "新能源产业招商组", "qd_officer2", 60_000, "384", Channel.DIRECT,
        {Stage.CONTACTED: d(2023, 6, 12), Stage.NEGOTIATING: d(2023, 7, 20), Stage.SIGNED: d(2023, 9, 22),
         Stage.LAND_SUPPLIED: d(2023, 12, 12)},
        fields=dict(phase=2, is_expansion=True, description="一期已投产，二期扩大储能电池及系统产能，计划{year}年一季度开工。"),
        talks=(SeedTalk(d(2023, 12, 28), "meeting", "梳理开工前置手续：施工图审查已通过，施工许可正在办理，企业计划一季度开工。",
                        "项目建设推进办公室", "督促施工许可办理", d(2024, 3, 15)),),
    ),
    SeedProject(
        "腾安智能装备项目", "tengan", "苏南招商联络办公室", "qd_officer2", 15_000, "349", Channel.RESIDENT,
        {Stage.LEAD: d(2023, 4, 6), Stage.CONTACTED: d(2023, 4, 20), Stage.NEGOTIATING: d(2023, 6, 8),
         Stage.SIGNED: d(2023, 9, 12), Stage.REGISTERED: d(2023, 10, 17), Stage.LAND_SUPPLIED: d(2023, 12, 26)},
        fields=dict(description="计划{year}年一季度开工。"),
    ),
    SeedProject(
        "飞择电子项目", "feize", "半导体产业招商组", "qd_officer", 12_000, "397", Channel.REFERRAL,
        {Stage.LEAD: d(2023, 5, 16), Stage.CONTACTED: d(2023, 6, 2), Stage.NEGOTIATING: d(2023, 7, 18),
         Stage.INTENT: d(2023, 9, 5), Stage.SIGNED: d(2023, 10, 20), Stage.REGISTERED: d(2023, 11, 15),
         Stage.LAND_SUPPLIED: d(2023, 12, 22)},
        fields=dict(description="计划{year}年一季度开工。"),
    ),
    SeedProject(
        "氢能新型膜材料研发及产业化基地项目", "qingfan", "科技招商团队", "qd_officer", 3_000, "266", Channel.DIRECT,
        {Stage.LEAD: d(2023, 8, 7), Stage.CONTACTED: d(2023, 8, 16), Stage.NEGOTIATING: d(2023, 9, 19),
         Stage.SIGNED: d(2023, 9, 27), Stage.REGISTERED: d(2023, 10, 18)},
        fields=dict(is_sci_tech=True, description=QINGFAN),
        updates=(SeedUpdate(d(2023, 12, 22), "qd_huanghy", dict(
            description=QINGFAN + "{last_year}年12月通过启东市“东疆英才”项目认定，计划申报{year}年一季度南通市科创项目。")),),
        talks=(
            SeedTalk(d(2023, 8, 16), "visit", "科技招商团队赴成都拜访西华大学副教授梅丽，介绍园区科创载体和人才政策，梅教授团队有意推动"
                     "氢能膜材料成果转化。", "成都 西华大学", "邀请梅教授团队来园区考察"),
            SeedTalk(d(2023, 9, 19), "meeting", "梅教授率团队来园区考察交流，决定在园区建设氢能领域新型膜材料研发及产业化基地。",
                     "科创大楼", "提供厂房选址方案，准备入驻协议"),
            SeedTalk(d(2024, 1, 3), "visit", "与企业沟通交流，讲解{year}年南通市科创项目申报规范，协助企业逐一比较、完善申报材料。",
                     "企业", "一季度完成南通市科创项目申报", d(2024, 3, 31)),
        ),
    ),
    SeedProject(
        "启东经开区—西安科创中心项目", "xjtu", "科技招商团队", "qd_huanghy", 2_000, "732", Channel.DIRECT,
        {Stage.LEAD: d(2023, 10, 16), Stage.CONTACTED: d(2023, 10, 26), Stage.NEGOTIATING: d(2023, 11, 28),
         Stage.INTENT: d(2024, 1, 3), Stage.SIGNED: d(2024, 1, 16)},
        fields=dict(is_sci_tech=True, description="启东经济开发区与西安交通大学科技与教育发展研究院规划共建，园区将再添成果转化、"
                                                  "项目落地综合性服务平台。"),
        talks=(
            SeedTalk(d(2024, 1, 3), "meeting", "与西安交通大学交流合作协议细节，双方就中心运营模式、成果转化收益分配和首批入驻项目达成一致。",
                     "管委会三楼会议室", "1月中旬签署合作协议"),
            SeedTalk(d(2024, 1, 16), "meeting", "“启东经开区—西安科创中心”合作协议签署。", "西安交通大学", "筹备中心揭牌和首批项目路演"),
        ),
    ),
    SeedProject(
        "钠离子电池项目", "naion", "新能源产业招商组", "qd_officer5", 30_000, "384", Channel.EVENT,
        {Stage.LEAD: d(2023, 11, 20), Stage.CONTACTED: d(2023, 12, 5), Stage.NEGOTIATING: d(2024, 1, 4)},
        talks=(SeedTalk(d(2024, 1, 4), "event", "恳谈会期间与企业深入交流，企业有意在园区建设钠离子电池正极材料及电芯产线，已初步形成"
                        "落地意向。", HUI_TAN_HUI, "组织企业来园区考察拟选地块"),),
    ),
    SeedProject(
        "半导体设备配套项目", "jingtuo", "半导体产业招商组", "qd_officer4", 18_000, "356", Channel.EVENT,
        {Stage.LEAD: d(2023, 12, 1), Stage.CONTACTED: d(2023, 12, 12), Stage.NEGOTIATING: d(2024, 1, 4)},
        talks=(SeedTalk(d(2024, 1, 4), "event", "恳谈会上企业介绍了半导体设备腔体及零部件配套计划，希望就近配套园区设备整机企业。",
                        HUI_TAN_HUI, "提供园区半导体装备企业配套需求清单"),),
    ),
    SeedProject(
        "新能源装备生产基地项目", "hengchi", "苏南招商联络办公室", "qd_officer2", 40_000, "382", Channel.EVENT,
        {Stage.LEAD: d(2023, 11, 8), Stage.CONTACTED: d(2023, 11, 23), Stage.NEGOTIATING: d(2024, 1, 4)},
        talks=(SeedTalk(d(2024, 1, 4), "event", "恳谈会期间就新能源装备生产基地选址进行交流，企业计划一季度内确定投资地点。",
                        HUI_TAN_HUI, "报送项目收支测算"),),
    ),
)

FIRM_TALKS = (
    ("zhichun", SeedTalk(d(2024, 1, 3), "visit", "摸底企业用工需求：目前缺多少技术工、什么类型技术工最紧缺。企业反映半导体设备装调和"
                         "电气维修高级技工缺口约40人。", "企业", "对接人社局、相关职校开展技能培训和专场招聘", by="qd_cenling")),
    ("haosheng", SeedTalk(d(2023, 11, 15), "visit", "走访浩盛汽车，企业外协表面处理运距长、成本高；牵线园区内汇通镀饰，双方已达成"
                          "表面处理合作关系。", "企业", "跟踪合作订单落实情况", by="qd_officer2")),
)

ARTICLE = Article(zone="QDKFQ", written=d(2024, 1, 5), firms=FIRMS, projects=PROJECTS, firm_talks=FIRM_TALKS)

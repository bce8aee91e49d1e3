"""What each demo zone attracts: its leading industries, where its investors come from, how it finds them.

启东 (seed 002): 新能源, 半导体装备及材料, 生物医药, with liaison offices in Shanghai, 苏南 and Shenzhen.
亭湖 (seed 001): 电子信息, 节能环保, 新能源, 新型交通 ("4+1+1"), a robot-industry push and chain-led promotion.
"""

from dataclasses import dataclass

from zhaoshang.projects.choices import Channel


@dataclass(frozen=True)
class Sector:
    label: str
    industries: tuple[str, ...]  # GB/T 4754 中类
    team: str
    products: tuple[str, ...]
    suffixes: tuple[str, ...]  # what follows the 字号 in a company name
    weight: int
    sci_tech_share: float = 0.1


@dataclass(frozen=True)
class ZoneProfile:
    city: str  # in names of companies registered in the zone: 芯瑞半导体科技(启东)有限公司
    streets: tuple[str, ...]
    sectors: tuple[Sector, ...]
    regions: dict[str, int]  # texts.SOURCE_PLACES key → weight
    liaison: dict[str, str]  # region → the resident team that covers it
    channels: dict[str, int]
    sci_tech_team: str | None
    agent_team: str | None
    carriers: tuple[str, ...]
    events: tuple[str, ...]
    funds: tuple[str, ...]


QIDONG = ZoneProfile(
    city="启东",
    streets=("启东经济开发区林洋路", "启东经济开发区世纪大道", "启东经济开发区钱塘江路", "启东经济开发区江海路"),
    sectors=(
        Sector("新能源", ("384", "382", "381", "389"), "新能源产业招商组",
               ("储能电池系统集成", "钠离子电池正极材料", "光伏逆变器及储能变流器", "氢燃料电池电堆", "风电齿轮箱精密部件",
                "动力电池结构件", "锂电池隔膜", "储能集装箱"),
               ("新能源科技", "能源科技", "储能科技", "电力科技"), 35),
        Sector("半导体装备材料", ("356", "397", "398", "266"), "半导体产业招商组",
               ("半导体设备精密零部件", "晶圆清洗设备", "高纯电子特气", "湿电子化学品", "半导体石英制品", "真空泵及阀门",
                "功率半导体模块封装测试", "CMP抛光材料"),
               ("半导体科技", "微电子", "电子材料", "精密科技"), 35, 0.2),
        Sector("生物医药", ("272", "271", "276", "358", "734"), "生物医药产业招商组",
               ("创新药制剂产业化", "原料药及中间体", "生物药CDMO", "医用高值耗材", "体外诊断试剂", "细胞治疗研发中心",
                "医疗器械研发生产"),
               ("生物医药", "医药科技", "生物科技", "医疗器械"), 25, 0.25),
        Sector("高端装备", ("349", "342", "344"), "苏南招商联络办公室",
               ("智能物流装备", "数控机床关键部件", "海工装备配套"), ("智能装备", "机械", "重工科技"), 5),
    ),
    regions={"shanghai": 40, "sunan": 22, "shenzhen": 12, "zhejiang": 8, "north": 6, "local": 7, "inland": 5},
    liaison={"shanghai": "上海招商联络办公室", "sunan": "苏南招商联络办公室", "shenzhen": "深圳招商联络办公室"},
    channels={Channel.COMMISSIONED: 12, Channel.REFERRAL: 12, Channel.FUND: 8, Channel.AGENT: 9, Channel.CHAIN: 9,
              Channel.RESIDENT: 16, Channel.EVENT: 12, Channel.ONLINE: 5, Channel.DIRECT: 17},
    sci_tech_team="科技招商团队",
    agent_team="第三方代理(臻远咨询)",
    carriers=("科创大楼", "国动科技园", "北大华东产业园", "半导体装备材料产业园", "东江生物医药产业园"),
    events=("上海 半导体及先进制造发展合作恳谈会", "上海张江 生物医药产业专题招商推介会", "深圳 新能源产业链招商推介会",
            "苏州 苏南地区重点企业恳谈会", "启东经济开发区企业家座谈会"),
    funds=("启东经开区产业投资基金", "南通产业投资母基金", "上海科创投合作基金"),
)

TINGHU = ZoneProfile(
    city="盐城",
    streets=("盐城市亭湖区新洋经济区新洋路", "盐城市亭湖区环保科技城环保大道", "盐城市亭湖区青年东路", "盐城市亭湖区开放大道"),
    sectors=(
        Sector("电子信息", ("397", "398", "392", "399", "651"), "基础电子元器件产业链招商二组",
               ("片式电感电容", "3C精密结构件", "光电显示模组", "PCB电路板", "智能终端组装", "半导体分立器件封装",
                "连接器及线束"),
               ("电子科技", "光电科技", "精密电子", "智能科技"), 30, 0.15),
        Sector("节能环保", ("359", "772", "344", "346"), "节能环保产业链专班",
               ("烟气脱硫脱硝装备", "VOCs治理设备", "固废资源化利用", "高效节能风机", "膜法水处理装备", "环保催化剂"),
               ("环保科技", "环境工程", "节能科技"), 25, 0.15),
        Sector("新能源", ("384", "382", "381"), "动力及储能电池产业链专班",
               ("储能电池PACK", "光伏组件", "风电塔筒", "动力电池材料", "储能变流器", "光伏支架"),
               ("新能源科技", "能源科技", "储能科技"), 25),
        Sector("新型交通", ("367", "365", "372"), "新型交通产业招商组",
               ("新能源汽车电驱系统", "汽车轻量化部件", "汽车线束", "智能座舱", "充换电设备"),
               ("汽车部件", "交通科技", "汽车科技"), 12),
        Sector("机器人", ("349", "396"), "机器人产业招商组",
               ("工业机器人本体", "巡检机器人", "清洁机器人", "机器人减速器", "AGV物流机器人"),
               ("机器人科技", "智能装备", "自动化科技"), 8),
    ),
    regions={"shanghai": 35, "sunan": 20, "shenzhen": 15, "zhejiang": 10, "north": 8, "local": 6, "inland": 6},
    liaison={"shanghai": "上海招商大本营", "shenzhen": "深圳招商大本营"},
    channels={Channel.COMMISSIONED: 12, Channel.REFERRAL: 12, Channel.FUND: 8, Channel.AGENT: 4, Channel.CHAIN: 20,
              Channel.RESIDENT: 12, Channel.EVENT: 13, Channel.ONLINE: 6, Channel.DIRECT: 13},
    sci_tech_team=None,
    agent_team=None,
    carriers=("环保科技城", "新洋经济区", "8#新生众创空间", "亭湖高新区标准厂房"),
    events=("亭湖区机器人产业招商推介活动", "盐城(上海)电子信息产业招商推介会", "深圳 节能环保产业链招商恳谈会",
            "亭湖区百日招商活动项目对接会", "盐城新能源产业链合作大会"),
    funds=("盐城市产业投资母基金", "亭湖区新兴产业引导基金", "苏盐合作产业基金"),
)

PROFILES = {"QDKFQ": QIDONG, "THKFQ": TINGHU}

"""Facts of the demo county, Tieli (铁力市): its divisions, units, projects and the article's figures.

Township, village and community codes and names are synthetic but follow the statistical-code
pattern (9 and 12 digits); the county's own facts come from DESIGN.md §3.
"""

from dataclasses import dataclass

PROVINCE = ("230000", "黑龙江省")
CITY = ("230700", "伊春市")
COUNTY = ("230781", "铁力市")
COUNTY_POPULATION = 226_000
SEAT = (46.98, 128.04)


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    population: int
    latitude: float
    longitude: float
    villages: tuple[str, ...]
    communities: tuple[str, ...]


TOWNSHIPS: tuple[Township, ...] = (
    Township(
        "230781100",
        "铁力镇",
        118_000,
        46.985,
        128.030,
        ("铁力村", "长山村", "新建村", "前进村", "东升村", "富民村", "卫国村", "新华村", "光明村"),
        (
            "朝阳社区",
            "铁西社区",
            "铁东社区",
            "站前社区",
            "东苑社区",
            "西苑社区",
            "南山社区",
            "北山社区",
            "兴安社区",
            "文化社区",
            "新兴社区",
            "红旗社区",
            "建设社区",
            "骊城社区",
        ),
    ),
    Township(
        "230781101",
        "双丰镇",
        20_000,
        46.930,
        127.800,
        ("双丰村", "丰收村", "永胜村", "太平村", "双河村", "丰林村", "东风村", "胜利村", "和平村", "民主村"),
        ("双丰社区", "丰源社区"),
    ),
    Township(
        "230781102",
        "桃山镇",
        17_000,
        47.080,
        128.400,
        ("桃山村", "桃源村", "山河村", "青山村", "林海村", "向阳村", "永安村", "白桦村"),
        ("桃山社区", "林城社区"),
    ),
    Township(
        "230781103",
        "神树镇",
        16_000,
        47.020,
        128.700,
        ("神树村", "新立村", "联合村", "兴隆村", "长胜村", "保安村", "红星村", "东方村", "星火村"),
        ("神树社区",),
    ),
    Township(
        "230781104",
        "日月峡镇",
        9_000,
        47.200,
        128.300,
        ("日月村", "峡口村", "青峰村", "双岭村", "松涛村", "石门村"),
        ("日月峡社区",),
    ),
    Township(
        "230781200",
        "工农乡",
        17_000,
        46.870,
        128.120,
        ("工农村", "新丰村", "永丰村", "东兴村", "西兴村", "建国村", "长兴村", "福兴村", "庆丰村", "三合村"),
        (),
    ),
    Township(
        "230781201",
        "年丰朝鲜族乡",
        14_000,
        46.920,
        127.950,
        ("年丰村", "富强村", "新光村", "友好村", "民乐村", "光荣村", "新安村", "共荣村", "丰华村"),
        (),
    ),
    Township(
        "230781202",
        "王杨乡",
        15_000,
        47.060,
        127.950,
        ("王杨村", "杨树村", "北关村", "南关村", "东岗村", "西岗村", "红光村", "幸福村", "团结村", "永利村"),
        (),
    ),
)

# Villages without a station (91 villages and communities, 88 stations).
VILLAGES_WITHOUT_STATION = ("石门村", "丰华村", "永利村")

STANDARD_ITEMS = (
    ("mechanism", "有完善机制"),
    ("venue", "有优质场所"),
    ("team", "有特色队伍"),
    ("activity", "有丰富活动"),
    ("brand", "有品牌项目"),
)

STANDING_CATEGORIES = (
    ("theory", "理论宣讲"),
    ("culture", "文化服务"),
    ("education", "助学支教"),
    ("health", "医疗健康"),
    ("science", "科技科普"),
    ("legal", "法律服务"),
    ("ecology", "生态环保"),
    ("civility", "文明风尚"),
)
LOCAL_CATEGORIES = (
    ("tieli-forest-fire", "森林防火"),
    ("tieli-ice-snow", "冰雪运动"),
    ("tieli-korean-folk", "朝鲜族民俗"),
    ("tieli-anti-drug", "禁毒宣传"),
)

VOLUNTEER_TAGS = (
    ("wulao-cadre", "老干部", "五老"),
    ("wulao-veteran", "老战士", "五老"),
    ("wulao-expert", "老专家", "五老"),
    ("wulao-teacher", "老教师", "五老"),
    ("wulao-model", "老模范", "五老"),
    ("rural-culture", "乡土文化人才", ""),
    ("tech-talent", "科技能人", ""),
    ("returnee-entrepreneur", "返乡创业", ""),
)
SKILLS = (
    ("first-aid", "应急救护", True),
    ("counseling", "心理咨询", True),
    ("legal-advice", "法律咨询", True),
    ("medical", "医疗护理", True),
    ("performance", "文艺表演", False),
    ("calligraphy", "书法绘画", False),
    ("photography", "摄影摄像", False),
    ("repair", "家电维修", False),
    ("haircut", "理发", False),
    ("computer", "电脑操作", False),
    ("sign-language", "手语", False),
    ("korean", "朝鲜语翻译", False),
    ("agronomy", "农业技术", False),
    ("driving", "驾驶", False),
)

# (title, kind, document number, issued on)
POLICY_DOCUMENTS = (
    ("铁力市新时代文明实践中心建设工作方案", "work_plan", "铁文明发〔2019〕3号", "2019-04-12"),
    ("铁力市新时代文明实践工作联席会议制度", "joint_meeting", "铁文明发〔2019〕5号", "2019-05-20"),
    ("铁力市新时代文明实践挂点联系制度", "pairing_system", "铁文明发〔2019〕8号", "2019-07-03"),
    ("铁力市新时代文明实践志愿服务管理办法", "other", "铁文明发〔2020〕2号", "2020-03-16"),
)

BRAND = ("爱撒骊城", "爱撒骊城 文明同行")
# (project, team category code)
BRAND_PROJECTS = (
    ("关老爱老", "civility"),
    ("文化惠民", "culture"),
    ("文明交通", "civility"),
    ("理论轻骑兵", "theory"),
    ("助学圆梦", "education"),
    ("健康义诊", "health"),
    ("法律明白人", "legal"),
    ("科技下乡", "science"),
    ("绿色家园", "ecology"),
    ("邻里守望", "civility"),
    ("禁毒护苗", "tieli-anti-drug"),
    ("爱心助残", "civility"),
    ("冰雪欢乐", "tieli-ice-snow"),
    ("书香骊城", "culture"),
    ("林海卫士", "tieli-forest-fire"),
)
UNBRANDED_PROJECTS = (("年丰朝鲜族民俗传承", "tieli-korean-folk"), ("双丰镇庭院美化", "ecology"))

# The article's figures (DESIGN.md §3); the full-scale demo reproduces them exactly.
THREE_TIER_SITES = 97
SERVICE_POSTS = 126
SQUARES = (("铁力市人民广场志愿者广场", "comprehensive"), ("呼兰河公园志愿者广场", "functional"))
PRACTICE_POINTS = (
    ("铁力市美术馆文明实践点", "art_gallery"),
    ("骊城书苑文明实践点", "book_court"),
    ("铁力市禁毒教育基地", "anti_drug_base"),
    ("铁力市全民健身中心文明实践点", "fitness_center"),
    ("马永顺纪念馆文明实践点", "museum"),
    ("铁力市科技馆文明实践点", "other"),
    ("铁力市青少年活动中心文明实践点", "other"),
    ("铁力市老年大学文明实践点", "school"),
    ("铁力市城市书房文明实践点", "book_court"),
    ("铁力市非遗传习所文明实践点", "other"),
    ("年丰朝鲜族民俗文化馆文明实践点", "museum"),
    ("铁力市党史教育基地", "party_school"),
    ("日月峡森林生态教育基地", "other"),
    ("铁力市档案馆文明实践点", "other"),
    ("铁力市红色文化展馆文明实践点", "museum"),
)

# Service posts hosted in county-level institutions (46) and in each township (10 x 8 = 80): 126.
COUNTY_POST_HOSTS = (
    ("铁力市图书馆", "library"),
    ("铁力市博物馆", "museum"),
    ("铁力市政务服务中心", "government_service"),
    ("铁力市人民医院", "hospital"),
    ("铁力市中医医院", "hospital"),
    ("铁力市妇幼保健院", "hospital"),
    ("铁力市疾病预防控制中心", "hospital"),
    ("铁力火车站", "transport"),
    ("铁力市客运站", "transport"),
    ("铁力市第一中学", "school"),
    ("铁力市第二中学", "school"),
    ("铁力市第四中学", "school"),
    ("铁力市第一小学", "school"),
    ("铁力市第二小学", "school"),
    ("铁力市实验小学", "school"),
    ("铁力市职业技术教育中心", "school"),
    ("铁力市文化馆", "other"),
    ("铁力市老干部活动中心", "other"),
    ("铁力市工人文化宫", "other"),
    ("铁力市妇女儿童活动中心", "other"),
    ("铁力市残疾人综合服务中心", "other"),
    ("铁力市社会福利中心", "other"),
    ("铁力市退役军人服务中心", "government_service"),
    ("铁力市医疗保障服务中心", "government_service"),
    ("铁力市社会保险事业中心", "government_service"),
    ("铁力市不动产登记中心", "government_service"),
    ("铁力市公安局户政服务大厅", "government_service"),
    ("铁力市税务局办税服务厅", "government_service"),
    ("铁力市人民法院诉讼服务中心", "government_service"),
    ("铁力市公共法律服务中心", "government_service"),
    ("铁力市融媒体中心", "other"),
    ("铁力市体育馆", "fitness_center"),
    ("铁力市游泳馆", "fitness_center"),
    ("呼兰河湿地公园", "public_square"),
    ("铁力市森林公园", "public_square"),
    ("铁力经济开发区", "enterprise"),
    ("铁力林业局有限责任公司", "enterprise"),
    ("双丰林业局有限责任公司", "enterprise"),
    ("桃山林业局有限责任公司", "enterprise"),
    ("国网铁力市供电公司", "enterprise"),
    ("铁力市邮政分公司", "enterprise"),
    ("铁力市农村商业银行", "enterprise"),
    ("铁力市新华书店", "book_court"),
    ("铁力市青少年宫", "other"),
    ("铁力市消防救援大队", "government_service"),
    ("铁力市气象局", "government_service"),
)
TOWNSHIP_POST_HOSTS = (
    ("便民服务中心", "government_service"),
    ("卫生院", "hospital"),
    ("中心学校", "school"),
    ("派出所", "government_service"),
    ("文化站", "other"),
    ("综合文化广场", "public_square"),
    ("农村电商服务站", "enterprise"),
    ("邮政所", "enterprise"),
    ("敬老院", "other"),
    ("农业技术推广站", "other"),
)

ORGANIZATIONS = (
    ("铁力市委办公室", "party_government"),
    ("铁力市人民政府办公室", "party_government"),
    ("铁力市人大常委会办公室", "party_government"),
    ("铁力市政协办公室", "party_government"),
    ("铁力市纪委监委", "party_government"),
    ("铁力市委组织部", "party_government"),
    ("铁力市委宣传部", "party_government"),
    ("铁力市委统战部", "party_government"),
    ("铁力市委政法委", "party_government"),
    ("铁力市委编办", "party_government"),
    ("铁力市委党校", "party_government"),
    ("铁力市直机关工委", "party_government"),
    ("铁力市委老干部局", "party_government"),
    ("铁力市总工会", "social_organization"),
    ("共青团铁力市委", "social_organization"),
    ("铁力市妇联", "social_organization"),
    ("铁力市科协", "social_organization"),
    ("铁力市残联", "social_organization"),
    ("铁力市工商联", "social_organization"),
    ("铁力市红十字会", "social_organization"),
    ("铁力市发展和改革局", "party_government"),
    ("铁力市教育局", "party_government"),
    ("铁力市工业和信息化局", "party_government"),
    ("铁力市公安局", "party_government"),
    ("铁力市民政局", "party_government"),
    ("铁力市司法局", "party_government"),
    ("铁力市财政局", "party_government"),
    ("铁力市人力资源和社会保障局", "party_government"),
    ("铁力市自然资源局", "party_government"),
    ("伊春市生态环境局铁力分局", "party_government"),
    ("铁力市住房和城乡建设局", "party_government"),
    ("铁力市交通运输局", "party_government"),
    ("铁力市水务局", "party_government"),
    ("铁力市农业农村局", "party_government"),
    ("铁力市商务局", "party_government"),
    ("铁力市文体广电和旅游局", "party_government"),
    ("铁力市卫生健康局", "party_government"),
    ("铁力市退役军人事务局", "party_government"),
    ("铁力市应急管理局", "party_government"),
    ("铁力市审计局", "party_government"),
    ("铁力市市场监督管理局", "party_government"),
    ("铁力市统计局", "party_government"),
    ("铁力市医疗保障局", "party_government"),
    ("铁力市林业和草原局", "party_government"),
    ("铁力市信访局", "party_government"),
    ("铁力市营商环境建设监督局", "party_government"),
    ("铁力市城市管理综合执法局", "party_government"),
    ("铁力市乡村振兴服务中心", "public_institution"),
    ("铁力市融媒体中心", "public_institution"),
    ("铁力市档案馆", "public_institution"),
    ("国家税务总局铁力市税务局", "party_government"),
    ("铁力市消防救援大队", "party_government"),
    ("铁力市气象局", "public_institution"),
    ("铁力市人民法院", "party_government"),
    ("铁力市人民检察院", "party_government"),
    ("铁力市图书馆", "public_institution"),
    ("铁力市文化馆", "public_institution"),
    ("铁力市博物馆", "public_institution"),
    ("铁力市人民医院", "hospital"),
    ("铁力市中医医院", "hospital"),
    ("铁力市妇幼保健院", "hospital"),
    ("铁力市疾病预防控制中心", "public_institution"),
    ("铁力市第一中学", "school"),
    ("铁力市第二中学", "school"),
    ("铁力市第三中学", "school"),
    ("铁力市第四中学", "school"),
    ("铁力市第六中学", "school"),
    ("铁力市第一小学", "school"),
    ("铁力市第二小学", "school"),
    ("铁力市第三小学", "school"),
    ("铁力市实验小学", "school"),
    ("铁力市职业技术教育中心", "school"),
    ("铁力市特殊教育学校", "school"),
    ("铁力市第一幼儿园", "school"),
    ("铁力林业局有限责任公司", "state_enterprise"),
    ("双丰林业局有限责任公司", "state_enterprise"),
    ("桃山林业局有限责任公司", "state_enterprise"),
    ("国网铁力市供电公司", "state_enterprise"),
    ("中国移动铁力分公司", "state_enterprise"),
    ("中国联通铁力分公司", "state_enterprise"),
    ("中国电信铁力分公司", "state_enterprise"),
    ("中国邮政铁力市分公司", "state_enterprise"),
    ("中国工商银行铁力支行", "state_enterprise"),
    ("中国农业银行铁力支行", "state_enterprise"),
    ("中国银行铁力支行", "state_enterprise"),
    ("中国建设银行铁力支行", "state_enterprise"),
    ("中国邮政储蓄银行铁力支行", "state_enterprise"),
    ("铁力市农村商业银行", "state_enterprise"),
    ("中国人寿铁力支公司", "state_enterprise"),
    ("中国人保财险铁力支公司", "state_enterprise"),
    ("铁力市热电有限公司", "state_enterprise"),
    ("铁力市自来水公司", "state_enterprise"),
    ("铁力市公共交通有限公司", "state_enterprise"),
    ("黑龙江铁力经济开发区管委会", "party_government"),
    ("铁力市粮食储备库", "state_enterprise"),
    ("铁力市森林食品有限公司", "private_enterprise"),
    ("铁力市蓝莓产业有限公司", "private_enterprise"),
    ("铁力市木业加工有限公司", "private_enterprise"),
    ("铁力市农机专业合作社联合社", "private_enterprise"),
    ("铁力市长青米业有限公司", "private_enterprise"),
    ("铁力市北药种植合作社", "private_enterprise"),
    ("铁力市林海物流有限公司", "private_enterprise"),
    ("铁力市骊城商贸有限公司", "private_enterprise"),
    ("铁力市日月峡旅游开发公司", "private_enterprise"),
    ("铁力市志愿者协会", "social_organization"),
    ("铁力市慈善总会", "social_organization"),
    ("铁力市老年体育协会", "social_organization"),
    ("铁力市书法家协会", "social_organization"),
    ("铁力市作家协会", "social_organization"),
    ("铁力市摄影家协会", "social_organization"),
    ("铁力市音乐舞蹈家协会", "social_organization"),
    ("铁力市关心下一代工作委员会", "social_organization"),
    ("铁力市老科技工作者协会", "social_organization"),
    ("铁力市蓝天救援队", "social_organization"),
    ("铁力市爱心妈妈协会", "social_organization"),
    ("铁力市个体劳动者协会", "social_organization"),
    ("铁力市律师协会", "social_organization"),
    ("铁力市医师协会", "social_organization"),
    ("铁力市退役军人协会", "social_organization"),
    ("铁力市朝鲜族联谊会", "social_organization"),
    ("铁力市家庭教育研究会", "social_organization"),
    ("铁力市社区矫正志愿者协会", "social_organization"),
    ("铁力市冰雪运动协会", "social_organization"),
    ("铁力市农民合作社联合会", "social_organization"),
    ("铁力市青年企业家协会", "social_organization"),
    ("铁力市心理咨询师协会", "social_organization"),
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘"
    "杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文关付隋"
)
KOREAN_SURNAMES = "金朴崔李郑姜赵尹张林"
GIVEN_MALE = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"  # noqa: E501
GIVEN_FEMALE = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿翠烟"  # noqa: E501

MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
)
# Where volunteers' ID numbers were issued: mostly Tieli, some elsewhere (incl. an old, retired code).
ID_PREFIXES = (("230781", 78), ("230702", 6), ("230103", 5), ("230204", 3), ("232301", 3), ("230602", 3), ("370102", 2))

"""Cities of the directory (mainland China): province, Chinese name, pinyin code, districts."""

from __future__ import annotations

from counsel_dir.directory.terms import N_, City, District, Vocabulary, terms

PROVINCES = terms(
    Vocabulary.PROVINCE,
    (
        ("beijing", "北京", N_("Beijing")),
        ("shanghai", "上海", N_("Shanghai")),
        ("tianjin", "天津", N_("Tianjin")),
        ("chongqing", "重庆", N_("Chongqing")),
        ("guangdong", "广东", N_("Guangdong")),
        ("zhejiang", "浙江", N_("Zhejiang")),
        ("jiangsu", "江苏", N_("Jiangsu")),
        ("sichuan", "四川", N_("Sichuan")),
        ("hubei", "湖北", N_("Hubei")),
        ("shaanxi", "陕西", N_("Shaanxi")),
        ("hunan", "湖南", N_("Hunan")),
        ("henan", "河南", N_("Henan")),
        ("shandong", "山东", N_("Shandong")),
        ("liaoning", "辽宁", N_("Liaoning")),
        ("heilongjiang", "黑龙江", N_("Heilongjiang")),
        ("jilin", "吉林", N_("Jilin")),
        ("hebei", "河北", N_("Hebei")),
        ("shanxi", "山西", N_("Shanxi")),
        ("anhui", "安徽", N_("Anhui")),
        ("fujian", "福建", N_("Fujian")),
        ("jiangxi", "江西", N_("Jiangxi")),
        ("yunnan", "云南", N_("Yunnan")),
        ("guizhou", "贵州", N_("Guizhou")),
        ("guangxi", "广西", N_("Guangxi")),
        ("hainan", "海南", N_("Hainan")),
        ("gansu", "甘肃", N_("Gansu")),
        ("qinghai", "青海", N_("Qinghai")),
        ("ningxia", "宁夏", N_("Ningxia")),
        ("xinjiang", "新疆", N_("Xinjiang")),
        ("neimenggu", "内蒙古", N_("Inner Mongolia")),
        ("xizang", "西藏", N_("Xizang")),
    ),
    """
    beijing: 北京市
    shanghai: 上海市
    tianjin: 天津市
    chongqing: 重庆市
    guangdong: 广东省
    zhejiang: 浙江省
    jiangsu: 江苏省
    sichuan: 四川省
    hubei: 湖北省
    shaanxi: 陕西省
    hunan: 湖南省
    henan: 河南省
    shandong: 山东省
    liaoning: 辽宁省
    heilongjiang: 黑龙江省
    jilin: 吉林省
    hebei: 河北省
    shanxi: 山西省
    anhui: 安徽省
    fujian: 福建省
    jiangxi: 江西省
    yunnan: 云南省
    guizhou: 贵州省
    guangxi: 广西壮族自治区
    hainan: 海南省
    gansu: 甘肃省
    qinghai: 青海省
    ningxia: 宁夏回族自治区
    xinjiang: 新疆维吾尔自治区
    neimenggu: 内蒙古自治区
    xizang: 西藏自治区|tibet
    """,
)

# (code, zh, en, province, other names); the code is the pinyin of the name.
_CITY_ROWS = (
    ("beijing", "北京", N_("Beijing"), "beijing", "peking"),
    ("shanghai", "上海", N_("Shanghai"), "shanghai", ""),
    ("tianjin", "天津", N_("Tianjin"), "tianjin", ""),
    ("chongqing", "重庆", N_("Chongqing"), "chongqing", ""),
    ("guangzhou", "广州", N_("Guangzhou"), "guangdong", "canton"),
    ("shenzhen", "深圳", N_("Shenzhen"), "guangdong", ""),
    ("dongguan", "东莞", N_("Dongguan"), "guangdong", ""),
    ("foshan", "佛山", N_("Foshan"), "guangdong", ""),
    ("zhuhai", "珠海", N_("Zhuhai"), "guangdong", ""),
    ("hangzhou", "杭州", N_("Hangzhou"), "zhejiang", ""),
    ("ningbo", "宁波", N_("Ningbo"), "zhejiang", ""),
    ("wenzhou", "温州", N_("Wenzhou"), "zhejiang", ""),
    ("nanjing", "南京", N_("Nanjing"), "jiangsu", ""),
    ("suzhou", "苏州", N_("Suzhou"), "jiangsu", ""),
    ("wuxi", "无锡", N_("Wuxi"), "jiangsu", ""),
    ("chengdu", "成都", N_("Chengdu"), "sichuan", ""),
    ("wuhan", "武汉", N_("Wuhan"), "hubei", ""),
    ("xian", "西安", N_("Xi'an"), "shaanxi", "xi'an"),
    ("changsha", "长沙", N_("Changsha"), "hunan", ""),
    ("zhengzhou", "郑州", N_("Zhengzhou"), "henan", ""),
    ("jinan", "济南", N_("Jinan"), "shandong", ""),
    ("qingdao", "青岛", N_("Qingdao"), "shandong", ""),
    ("shenyang", "沈阳", N_("Shenyang"), "liaoning", ""),
    ("dalian", "大连", N_("Dalian"), "liaoning", ""),
    ("haerbin", "哈尔滨", N_("Harbin"), "heilongjiang", "harbin"),
    ("changchun", "长春", N_("Changchun"), "jilin", ""),
    ("shijiazhuang", "石家庄", N_("Shijiazhuang"), "hebei", ""),
    ("taiyuan", "太原", N_("Taiyuan"), "shanxi", ""),
    ("hefei", "合肥", N_("Hefei"), "anhui", ""),
    ("fuzhou", "福州", N_("Fuzhou"), "fujian", ""),
    ("xiamen", "厦门", N_("Xiamen"), "fujian", "amoy"),
    ("nanchang", "南昌", N_("Nanchang"), "jiangxi", ""),
    ("kunming", "昆明", N_("Kunming"), "yunnan", ""),
    ("guiyang", "贵阳", N_("Guiyang"), "guizhou", ""),
    ("nanning", "南宁", N_("Nanning"), "guangxi", ""),
    ("haikou", "海口", N_("Haikou"), "hainan", ""),
    ("lanzhou", "兰州", N_("Lanzhou"), "gansu", ""),
    ("xining", "西宁", N_("Xining"), "qinghai", ""),
    ("yinchuan", "银川", N_("Yinchuan"), "ningxia", ""),
    ("wulumuqi", "乌鲁木齐", N_("Urumqi"), "xinjiang", "urumqi"),
    ("huhehaote", "呼和浩特", N_("Hohhot"), "neimenggu", "hohhot"),
    ("lasa", "拉萨", N_("Lhasa"), "xizang", "lhasa"),
)

# "city: 区名 code, 区名 code"; a city may take several lines.
_DISTRICTS = """
beijing: 东城区 dongcheng, 西城区 xicheng, 朝阳区 chaoyang, 海淀区 haidian
beijing: 丰台区 fengtai, 通州区 tongzhou, 昌平区 changping
shanghai: 黄浦区 huangpu, 徐汇区 xuhui, 静安区 jingan, 长宁区 changning
shanghai: 浦东新区 pudong, 杨浦区 yangpu, 闵行区 minhang
tianjin: 和平区 heping, 河西区 hexi, 南开区 nankai, 滨海新区 binhai
chongqing: 渝中区 yuzhong, 江北区 jiangbei, 渝北区 yubei, 南岸区 nanan
chongqing: 沙坪坝区 shapingba, 九龙坡区 jiulongpo
guangzhou: 越秀区 yuexiu, 天河区 tianhe, 海珠区 haizhu, 荔湾区 liwan
guangzhou: 白云区 baiyun, 番禺区 panyu
shenzhen: 福田区 futian, 罗湖区 luohu, 南山区 nanshan, 宝安区 baoan
shenzhen: 龙岗区 longgang, 龙华区 longhua
dongguan: 南城街道 nancheng, 东城街道 dongcheng, 莞城街道 guancheng, 虎门镇 humen
foshan: 禅城区 chancheng, 南海区 nanhai, 顺德区 shunde
zhuhai: 香洲区 xiangzhou, 金湾区 jinwan, 斗门区 doumen
hangzhou: 上城区 shangcheng, 拱墅区 gongshu, 西湖区 xihu, 滨江区 binjiang
hangzhou: 余杭区 yuhang, 萧山区 xiaoshan
ningbo: 海曙区 haishu, 江北区 jiangbei, 鄞州区 yinzhou
wenzhou: 鹿城区 lucheng, 龙湾区 longwan, 瓯海区 ouhai
nanjing: 玄武区 xuanwu, 秦淮区 qinhuai, 建邺区 jianye, 鼓楼区 gulou
nanjing: 栖霞区 qixia, 江宁区 jiangning
suzhou: 姑苏区 gusu, 虎丘区 huqiu, 吴中区 wuzhong, 相城区 xiangcheng, 吴江区 wujiang
wuxi: 梁溪区 liangxi, 滨湖区 binhu, 新吴区 xinwu
chengdu: 锦江区 jinjiang, 青羊区 qingyang, 金牛区 jinniu, 武侯区 wuhou
chengdu: 成华区 chenghua, 双流区 shuangliu
wuhan: 江岸区 jiangan, 江汉区 jianghan, 武昌区 wuchang, 洪山区 hongshan, 汉阳区 hanyang
xian: 新城区 xincheng, 碑林区 beilin, 莲湖区 lianhu, 雁塔区 yanta, 未央区 weiyang
changsha: 芙蓉区 furong, 天心区 tianxin, 岳麓区 yuelu, 开福区 kaifu, 雨花区 yuhua
zhengzhou: 中原区 zhongyuan, 二七区 erqi, 金水区 jinshui, 管城回族区 guancheng
jinan: 历下区 lixia, 市中区 shizhong, 槐荫区 huaiyin, 历城区 licheng
qingdao: 市南区 shinan, 市北区 shibei, 崂山区 laoshan, 黄岛区 huangdao
shenyang: 和平区 heping, 沈河区 shenhe, 皇姑区 huanggu, 浑南区 hunnan
dalian: 中山区 zhongshan, 西岗区 xigang, 沙河口区 shahekou, 甘井子区 ganjingzi
haerbin: 道里区 daoli, 南岗区 nangang, 道外区 daowai, 香坊区 xiangfang
changchun: 朝阳区 chaoyang, 南关区 nanguan, 宽城区 kuancheng, 绿园区 lvyuan
shijiazhuang: 长安区 changan, 桥西区 qiaoxi, 新华区 xinhua, 裕华区 yuhua
taiyuan: 小店区 xiaodian, 迎泽区 yingze, 杏花岭区 xinghualing
hefei: 蜀山区 shushan, 包河区 baohe, 庐阳区 luyang, 瑶海区 yaohai
fuzhou: 鼓楼区 gulou, 台江区 taijiang, 仓山区 cangshan
xiamen: 思明区 siming, 湖里区 huli, 集美区 jimei
nanchang: 东湖区 donghu, 西湖区 xihu, 红谷滩区 honggutan
kunming: 五华区 wuhua, 盘龙区 panlong, 官渡区 guandu, 西山区 xishan
guiyang: 南明区 nanming, 云岩区 yunyan, 观山湖区 guanshanhu
nanning: 青秀区 qingxiu, 兴宁区 xingning, 西乡塘区 xixiangtang
haikou: 龙华区 longhua, 美兰区 meilan, 秀英区 xiuying
lanzhou: 城关区 chengguan, 七里河区 qilihe, 安宁区 anning
xining: 城东区 chengdong, 城中区 chengzhong, 城西区 chengxi
yinchuan: 兴庆区 xingqing, 金凤区 jinfeng, 西夏区 xixia
wulumuqi: 天山区 tianshan, 沙依巴克区 shayibake, 新市区 xinshi
huhehaote: 新城区 xincheng, 回民区 huimin, 赛罕区 saihan
lasa: 城关区 chengguan, 堆龙德庆区 duilongdeqing
"""


def _districts_by_city(table: str) -> dict[str, list[District]]:
    found: dict[str, list[District]] = {}
    for line in table.strip().splitlines():
        city_code, _, entries = line.partition(":")
        for entry in entries.split(","):
            zh, code = entry.split()
            found.setdefault(city_code.strip(), []).append(District(code=code, zh=zh))
    return found


def _cities() -> tuple[City, ...]:
    districts = _districts_by_city(_DISTRICTS)
    return tuple(
        City(
            code=code,
            zh=zh,
            en=en,
            vocabulary=Vocabulary.CITY,
            synonyms=(zh + "市", *(name for name in names.split("|") if name)),
            province=province,
            districts=tuple(districts.get(code, ())),
        )
        for code, zh, en, province, names in _CITY_ROWS
    )


CITIES: tuple[City, ...] = _cities()

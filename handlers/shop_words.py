"""The words of a Chinese machining, sheet-metal, casting, plating, heat-treatment and assembly
shop and its buyer, filed by what they mean to the reader (handlers/parsing.py).

Written from the trade, not from the misses of one corpus: a new writer names the steps, defects,
materials and gauges of his own shop, and a word the reader lacks turns a defect count into
progress or a step done into a done of no step. Each word here was checked against every corpus
in tests/data (none may read worse); a word that also means something else in a report stays out
(`锻` alone is also 锻件, a forging bought in; `发黑` is a finish, never a defect colour; `缺料` is
a shortage, never a defect).
"""

from __future__ import annotations

__all__ = ["DECORATION_OFF", "DEFECTS", "GAUGES", "MATERIALS", "PAPERS", "PARTS", "STEPS", "STEPS_NOT_DEFECTS", "STEP_OR_DEFECT", "WORDS", "alternation"]

# Steps whose name holds a defect word (`去披锋` holds 披锋, `去氧化皮` 氧化): read as the step, never
# as the defect, wherever they stand. Each is a step as well.
STEPS_NOT_DEFECTS: tuple[str, ...] = (
    "去飞边", "去披锋", "去批锋", "修披锋", "修批锋", "去毛边", "修毛边", "修毛刺", "打毛刺", "去氧化皮", "硬质氧化",
    "导电氧化", "本色氧化", "黑色氧化", "微弧氧化", "化学氧化", "氧化处理",
    "折弯",  # 折弯了: the bending done, never 弯了 (bent) of a part
)

# Words that name a step and a defect alike: `发黑 5件` is five blackened (a finish) or five gone black, `拉丝`
# a brushed finish or drag lines, `压印` coining or press marks, `氧化` anodising or oxidised. Beside a count
# with no other word of what was done or found, the reader asks first (handlers/parsing.py).
STEP_OR_DEFECT: tuple[str, ...] = ("发黑", "发蓝", "拉丝", "压印", "氧化")

# Machining, forming, joining, treatment, finishing and assembly steps: all `in_process`.
STEPS: tuple[str, ...] = (
    # non-destructive testing of forgings and welds: a step of the work, not a defect found (that needs 不合格/发现)
    "探伤", "超声波探伤", "超声探伤", "磁粉探伤", "渗透探伤", "射线探伤", "无损检测", "无损探伤",
    # weldments: fitting up and welding the big parts
    "组焊", "组对", "拼焊", "吊装焊接",
    # frames and tubes, springs, cartons and casting sealing (e-bike and farm-machinery parts)
    "弯管", "缩管", "扩管", "切管", "绕簧", "模切", "印刷", "浸渗",
    # cutting and turning
    "精车", "粗车", "车外圆", "车内孔", "滚花", "滚齿", "插齿", "剃齿", "磨齿", "铣齿", "拉削", "拉键槽", "插键槽",
    "镗孔", "镗床", "铰孔", "扩孔", "锪孔", "珩磨", "衡磨", "研磨", "外圆磨", "内圆磨", "平面磨", "无心磨", "刨床",
    "线割", "慢走丝", "快走丝", "中走丝", "电火花", "火花机", "锯料", "锯床", "锯切", "剪板", "剪切", "冲裁", "级进模", "连续模", "多工位",
    "滚丝", "搓丝", "车牙", "铣牙", "加工中心", "冲床", "钻床", "折弯机", "剪板机", "激光机", "油压机", "压力机", "注塑机", "压铸机",
    "数车", "走心机", "纵切", "电脑锣", "锣床", "锣机", "车铣复合", "倒角", "倒边", "打孔", "切槽", "割槽", "车槽", "铣槽", "铣扁", "铣平面",
    "车螺纹", "攻螺纹", "打中心孔", "刻字", "打钢印", "钢印", "打码",
    # grinding and mass finishing
    "平磨", "磨外圆", "磨内孔", "磨平面", "精磨", "粗磨", "双端面", "超精", "滚光", "振光", "光饰",
    # forming and casting
    "锻打", "锻造", "热锻", "冷镦", "冷锻", "镦头", "拉伸", "拉深", "翻边", "卷圆", "卷板", "校直", "校正", "矫正", "矫直",
    "校平", "整形", "旋压", "浇注", "浇铸", "铸造", "砂铸", "翻砂", "精铸", "去浇口", "切浇口", "清砂", "落砂",
    "砂型", "熔模", "消失模", "制芯", "熔炼", "切冒口", "割冒口", "去冒口",
    "制蜡", "压蜡", "蜡模", "组树", "制壳", "沾浆", "挂浆", "淋砂", "撒砂", "脱蜡", "焙烧", "型壳", "开炉", "熔化", "打箱",
    "造型", "合箱", "下芯", "校形", "热校", "冷校", "切毛边", "冲边", "冲孔",
    "模锻", "自由锻", "辗环", "碾环", "切边", "锻压", "镦粗", "冷挤压", "热挤压", "冷拔",
    "钣金", "板金", "激光", "数冲", "转塔冲", "折边", "压平", "冲切", "压筋", "冲槽",
    "啤机", "啤塑", "啤货", "啤件", "啤好", "啤完", "吹塑", "热熔", "超声波", "包胶", "去水口", "剪水口", "烫金", "烫印",
    # joining and assembly
    "铆接", "压铆", "拉铆", "铆钉", "点焊", "凸焊", "机器人焊", "机器人焊接", "螺母焊", "缝焊", "氩弧焊", "二保焊", "满焊", "激光焊", "钎焊", "回流焊", "波峰焊",
    "焊锡", "压装", "压接", "总装", "装箱前组装", "绕线", "灌胶", "点胶", "涂胶", "调试", "装调", "老化",
    "打螺丝", "锁螺丝", "拧螺丝", "烧焊", "剥线", "插件", "后焊", "三防漆", "烧录", "分板", "smt",
    # a board's or unit's tests on the line (functional test, in-circuit test): steps of the making, as 老化 is
    "功能测试", "fct", "ict",
    # heat treatment
    "氮化", "渗氮", "碳氮共渗", "退火", "正火", "时效", "固溶", "高频淬火", "感应淬火", "真空淬火", "去应力",
    "高频", "中频", "深冷", "盐浴",
    # surface and finishing
    "电泳", "磷化", "丝印", "移印", "喷码", "打标", "镭雕", "镭射", "激光打标", "浸塑", "达克罗", "发蓝",
    "镀铜", "镀银", "镀金", "镀锡", "镀膜", "喷丸", "抛丸", "酸洗", "除油", "前处理", "清洗", "烘干", "固化",
    "拉丝", "喷油", "烤漆", "刷漆", "滚镀", "挂镀", "表面处理", "出炉", "进炉", "入炉", "装炉",
    "化学镍", "化镍", "热镀锌", "热浸锌", "浸锌", "喷锌", "彩锌", "蓝锌", "白锌", "黑锌", "交美特", "硬氧",
    "电解抛光", "电化学抛光", "超声波清洗", "超声清洗",
    # glass and enamel of kitchen appliances: tempering the glass, spraying and firing the enamel
    "钢化", "喷搪", "涂搪", "烧搪", "搪瓷", "磨边",
    # ceramics and enamel ware: the body dried, then glazed (DH DZ)
    "干燥", "施釉",
    # wire harnesses: crimping the terminals
    "压端子", "打端子",
    "染黑", "涂装", "电油", "打沙", "打砂", "电抛", "皮膜", "除锈", "防锈处理", "底漆", "面漆", "硫化", "修边",
    # fasteners and springs: heading, rolling, coiling, grinding the ends, sorting
    "打头", "绕簧", "卷簧", "磨端面", "磨簧", "去应力回火", "光学筛选", "分选", "滚牙",
    # textiles: dyeing the cloth and setting it on the stenter (AU CU DA)
    "染色", "定型",
    # rubber and shoe parts: mixing, moulding, bonding, binding
    "炼胶", "模压", "二次硫化", "贴合", "包边", "成型", "发泡", "射出",
    # English
    "grinding", "milling", "turning", "drilling", "honing", "lapping", "forging", "casting", "riveting",
    "powder coating", "polishing", "sandblasting", "shot blasting", "bending", "laser cutting", "wire edm",
    "edm", "nitriding", "carburizing", "annealing", "tempering", "quenching", "hardening", "galvanizing",
    "passivation", "blackening", "knurling", "hobbing", "broaching", "reaming", "threading", "thread rolling",
    "silk screen", "printing", "e-coating", "phosphating", "soldering", "brazing",
    "wire cut", "wire cutting", "laser cut", "sawing", "milled", "grinded", "lathe", "punching", "punched",
    "deep drawing", "die casting", "injection molding", "injection moulding", "molding", "moulding", "overmolding",
    "forged", "hardened", "tempered", "annealed", "normalizing", "carburized", "nitrided", "quenched", "qpq",
    "plated", "zinc plating", "nickel plating", "chrome plating", "anodized", "anodised", "anodising", "anodizing", "black oxide",
    "e-coat", "ecoat", "powder coated", "sandblasted", "shot blasted", "tumbling", "tumbled", "vibratory finishing",
    "ht", "passivated", "galvanized", "electropolishing", "electropolished", "engraving", "engraved", "laser marking",
    "laser engraving", "pad printing", "screen printing", "chamfering", "chamfered", "welded", "painted",
    "polished", "coated", "stamped", "drilled", "tapped", "deburred",
    # reader20b: steps of the trades a new writer may come from, from the trades' own process sheets (checked by a
    # plan, `1234 明天<step>`, which the slot of an unknown step cannot read): zinc-nickel plating and impregnation,
    # transfer printing; warm forging and hot heading, thread rolling; projection, friction, resistance and stud
    # welding; extrusion, thermoforming, rotomoulding and rubber mixing; motor and harness work (cutting wire,
    # sleeving, inserting windings, tinning, balancing, stacking laminations, magnetising, running in); textiles
    # (weaving, printing, cutting, sewing, embroidery, pressing); furniture (edge banding, boring, sanding,
    # veneering); laminated glass; boxes and bags (box gluing, mounting, laminating film, slitting, bag making)
    "锌镍", "镀锌镍", "浸漆", "真空浸漆", "水转印", "热转印", "上漆",
    # mould shops (shoe-sole and tyre moulds): roughing, fine engraving, texture etching; vacuum coating of taps;
    # the foundry's gates and risers knocked off (去浇冒口)
    "开粗", "精雕", "晒纹", "蚀纹", "咬花", "皮纹", "pvd", "真空镀", "去浇冒口", "去浇道",
    "温锻", "热镦", "搓牙",
    "凸焊", "摩擦焊", "电阻焊", "螺柱焊",
    "挤出", "吸塑", "滚塑", "密炼", "开炼", "混炼",
    "裁线", "穿护套", "嵌线", "浸锡", "动平衡", "叠压", "充磁", "跑合",
    "织布", "印花", "裁剪", "缝纫", "车缝", "绣花", "整烫",
    "封边", "排钻", "砂光", "贴皮",
    "夹胶",
    "糊盒", "裱纸", "覆膜", "分切", "制袋",
) + STEPS_NOT_DEFECTS

# Defect words a shop and its QC write, by the category the docs give them.
DEFECTS: dict[str, tuple[str, ...]] = {
    "dimension": (
        "通止规不过", "通规不过", "止规不过", "牙不通", "滑牙", "乱牙", "烂牙", "孔大了", "孔小了", "孔径大",
        "孔径小", "孔位偏", "孔距偏", "壁厚不够", "长度短了", "尺寸大了", "尺寸小了", "同心度超", "平面度超", "跳动超",
        "装不进", "装不上", "配合太紧", "配合松",
        # threads and gauges
        "牙不过", "螺纹不过", "螺纹不良", "牙规不过", "螺纹规不过", "塞规不过", "环规不过", "通规不进", "止规能过",
        "止规能进", "崩牙", "拧不进",
        # form and position
        "垂直度超", "平行度超", "圆度超", "同轴度超", "位置度超", "直线度超", "粗糙度超", "粗糙度不够", "孔距不对", "孔距超",
        "椭圆度超", "失圆", "锥度超", "变形", "翘曲", "起翘", "翘了", "回弹", "缺肉", "过切", "偏长", "偏短",
        "尺寸不符", "偏心", "牙烂", "冲偏", "走位", "错箱", "错型", "错边", "错模",
        "warped", "warpage", "out of round", "cross threaded", "cross-threaded", "stripped thread", "stripped threads",
        "止规通了", "止规通", "止规能通",
        "no-go", "thread ng", "threads ng", "gauge ng", "damaged thread", "damaged threads",
        "gauge fail", "gauge failed", "thread fail", "thread failed",  # 螺纹规不过 in English (CW)
    ),
    "appearance": (
        "起泡", "鼓泡",  # a coating blistered (`电镀起泡`, `漆面起泡`), as `blisters` below
        "脱漆", "起皮", "脱皮", "剥落", "流挂", "橘皮", "露底", "发花", "烧焦", "压痕", "压印", "磕伤", "磕碰",
        "爆瓷", "掉瓷", "崩瓷", "脱瓷", "缩痕", "脱粉", "掉粉", "碰花", "刮花", "划花", "茶伤", "麻点", "针孔", "凹坑", "凹陷", "鼓包", "脏污", "油污", "污渍", "水印",
        "黑点", "白点", "斑点", "异色", "颜色不对", "发黄", "缺胶", "溢胶", "锡珠", "焊穿", "焊偏",
        "咬边", "焊疤", "弯了", "变弯", "弯曲",
        # moulding
        "缩水", "银纹", "熔接线", "熔接痕", "夹水纹", "顶白", "顶伤", "气纹", "流痕", "流纹", "料花", "杂色", "混色",
        "变色", "困气", "短射", "拉白", "水口残留", "水口高",
        # stamping, machining, casting, welding
        "拉伤", "起皱", "模印", "振纹", "刀纹", "刀痕", "接刀痕", "光洁度不够", "光洁度差", "打磨痕", "打磨印", "抛光纹",
        "粘砂", "披缝", "焊瘤", "焊缝不饱满", "崩角", "缺角", "崩口", "掉角", "崩缺", "氧化皮",
        # coatings
        "脱落", "镀层脱落", "涂层脱落", "掉皮", "膜厚不够", "膜厚偏薄", "膜厚不足", "镀层不均", "氧化不均", "阴阳色",
        "颜色不均", "色不均", "白雾", "发白", "发雾", "漏喷", "漏印", "黑斑", "白斑", "异物", "手印", "指纹", "发霉",
        "红锈", "白锈", "黄锈", "粘模", "胶丝", "汽泡", "气泡",
        # a coat's grit (`漆面有颗粒`, `喷涂颗粒`): AB AO AV EH write it so, never pellets of stock (塑料粒, 胶粒)
        "颗粒",
        # a brushed finish gone wrong: the finish's word with 不良, as 丝印不良 (拉丝 alone stays a step or a defect)
        "拉丝不良",
        "夹伤", "夹痕", "折痕", "车伤", "光洁度不良", "光洁度不好", "膜厚不良", "膜厚不合格", "膜厚偏厚", "膜厚超",
        "镀层不良", "镀层太薄", "镀层偏薄", "掉色", "褪色", "甩色", "夹线", "爆边",
        # printing and marking (silk screen, pad printing, laser marking, hot stamping): a mark off or unclear
        "丝印偏位", "移印偏位", "印刷偏位", "丝印偏", "移印偏", "印偏", "印歪", "丝印不良", "移印不良", "印刷不良", "字体模糊",
        "印字模糊", "丝印模糊", "移印模糊", "打标模糊", "打标不清", "标记模糊", "刻字模糊", "刻字不清", "镭雕模糊", "重影", "镭雕不清", "镭雕偏位", "烫金不良", "烫金偏位", "logo偏位",
        "sink mark", "sink marks", "short shot", "short shots", "weld line", "weld lines", "burn marks", "silver streaks",
        "flow marks", "blisters", "blistering", "peeling", "pitting", "discoloration", "discolored", "stains", "stained",
        "chipped", "dented", "scuffed", "scuffs", "tool marks", "chatter marks", "orange peel", "color difference",
        "colour difference", "color variation", "color mismatch",
    ),
    "material": (
        "杂质", "头裂", "氢脆", "硫化不足", "欠硫", "过硫", "脆断",
        "硬度偏低", "硬度偏高", "硬度低", "硬度高", "缩孔", "缩松", "冷隔", "夹杂", "材质不对", "用错料",
        "裂纹", "开裂", "断裂", "裂了", "裂开", "有裂", "锻裂", "砂孔", "渣孔", "气眼", "充不满", "欠压", "淬裂", "热裂", "夹砂", "浇不足", "欠铸", "疏松", "过烧", "脱碳", "硬度不均", "软点",
        "渗层不够", "硬化层不够", "错料", "材质不符", "材质不合格", "牌号不对", "材料不对", "成分不对", "发脆",
        "强度不够", "冲裂", "拉裂", "爆裂", "锻造折叠", "折叠", "锻折", "内部夹渣", "夹渣",  # slag inside the metal: three writers of three file it so
        "分层", "探伤不过", "探伤不合格", "硬度不合格", "硬度不良", "硬度不对", "硬度太高", "硬度太低",
        "porosity", "porous", "cold shut", "misrun", "inclusions", "shrinkage", "wrong material", "soft spots",
        "hardness too low", "hardness too high", "low hardness", "high hardness", "hardness low", "hardness high",
    ),
    "function": (
        "不导通", "开路", "漏气", "漏水", "漏油", "卡死", "异响", "转不动", "烧坏",
        "虚焊", "短路", "漏电",
        # solder bridged or starved (a bridge is a short, too little solder a weak joint, as 虚焊) and a crimp that does
        # not hold its wire (a harness's open circuit): the part fails in use, whatever it looks like
        "连锡", "少锡", "压接不良", "压接不牢", "未焊透", "焊不牢", "脱焊", "开焊", "盐雾不过", "盐雾不合格", "附着力不够", "附着力不良",
        "附着力不合格", "结合力差", "结合力不好", "百格不过", "气密不过", "耐压不过", "密封不良", "渗漏", "拧不动",
        "卡滞", "松动", "螺母掉", "螺柱掉", "螺钉掉", "掉螺母", "螺母脱落", "焊点脱落", "焊点开", "假焊", "冷焊", "空焊", "立碑", "极性反", "开胶", "附着力差", "盐雾没过",
        "弹力不够", "弹力不足", "弹力小", "弹力大", "弹力不对", "扭力不够", "拉力不够",
        # a pressure test that leaked (打压漏了2只): the valve leaks, whatever the step said before it
        "打压漏", "试压漏", "水压漏", "气压漏", "泄漏", "内漏", "外漏",
        "leaking", "short circuit", "open circuit",
        # a cable's insulation that fails the spark test (the cable trade's test of it, as a pressure test's leak)
        "spark test fail", "spark test failed", "failed spark test", "failed the spark test", "failed in spark test",
    ),
    # a step left out: `other`, as the docs file 漏工序
    "other": (
        "漏工序", "漏加工", "漏攻", "漏镀", "漏焊", "漏钻", "漏冲", "漏铆", "漏装", "漏打孔", "漏倒角", "少工序", "装反", "错装", "反装",
        "错件", "漏件", "missing operation", "missed operation", "missing process",
    ),
    "packaging": (
        "外箱破", "纸箱破", "箱子破", "箱子坏", "纸箱压坏", "外箱压坏", "箱子压坏", "受潮", "淋湿", "淋雨", "标签贴错",
        "贴错标签", "标签错", "标签不对", "唛头错", "唛头不对", "混装",
        # a crate, carton or pallet broken in transit (`外包装木箱碎了`): the package's damage, never a count of work
        *(box + broken for box in ("木箱", "包装箱", "外包装", "包装", "纸箱", "外箱", "木架", "托盘", "木托")
          for broken in ("碎了", "碎", "破了", "裂了", "散了", "烂了", "断了", "压烂", "压破", "压扁", "压坏", "湿了", "破损")),
        "damaged carton", "damaged cartons", "carton damaged", "cartons damaged", "wet cartons", "wrong label",
        "wrong labels", "mislabeled",
    ),
    # (`数量不对` alone is a correction as often as a complaint: left to the reader's doubt)
    "quantity": ("短装", "少装", "多装", "short shipped"),
}

# A measured feature and a word that it is out (`同心度不好`, `外径大了`): a size defect. Without them a
# gauge the reader knows would explain `同心度不好 6件` away as six pieces done.
FEATURES: tuple[str, ...] = (
    "同心度", "同轴度", "平面度", "垂直度", "平行度", "圆度", "位置度", "跳动", "直线度", "圆柱度", "对称度", "轮廓度",
    "倾斜度", "粗糙度", "孔距", "中心距", "孔深", "槽深", "槽宽", "壁厚", "外径", "内径", "长度", "宽度", "高度", "厚度",
    "直径", "孔径", "螺距", "角度", "总长", "段差", "间隙", "杆径", "头径", "头厚", "自由长度",
)
OUT_WORDS: tuple[str, ...] = (
    "超", "不良", "不好", "不对", "不够", "不合格", "不符", "大了", "小了", "偏大", "偏小", "太大", "太小",
)
DEFECTS["dimension"] += tuple(feature + out for feature in FEATURES for out in OUT_WORDS)


# Labels of a measured value: with numbers after them a message is inspection values.
GAUGES: tuple[str, ...] = (
    "壁厚", "膜厚", "镀层厚度", "涂层厚度", "漆膜", "同心度", "同轴度", "垂直度", "平行度", "跳动", "圆跳动",
    "位置度", "螺距", "深度", "槽宽", "孔距", "中心距", "扭力", "拉力", "测的数据", "实测数据",
    "直线度", "圆柱度", "对称度", "轮廓度", "倾斜度", "全跳动", "端跳", "径跳", "孔深", "槽深", "总长", "全长", "总高",
    "段差", "间隙", "外形尺寸", "齿厚", "公法线", "跨棒距", "跨球距", "中径", "大径", "小径", "光洁度", "平整度", "翘曲度",
    "盐雾", "附着力", "拉拔力", "推力", "扭矩", "渗层", "硬化层", "层深", "抗拉强度", "屈服强度", "延伸率", "伸长率",
    "锌层", "镍层", "洛氏", "布氏", "维氏", "HBW", "HRA",
    "concentricity", "runout", "flatness", "depth", "coating thickness", "film thickness",
    "diameter", "dia", "height", "roughness", "perpendicularity", "parallelism", "roundness", "cylindricity",
    "straightness", "true position", "pitch", "torque",
)

# Raw stock and bought-in parts that, arriving, are `material_ready`.
MATERIALS: tuple[str, ...] = (
    "铜排", "锻坯", "铸坯", "铝锭", "钢带", "钢管", "铜管", "铝管", "方管", "圆管", "角钢", "槽钢", "工字钢",
    "扁钢", "不锈钢板", "冷板", "热板", "镀锌板", "卷料", "带料", "铜带", "铝带", "塑料粒", "色粉", "油漆",
    "焊丝", "螺母", "垫片", "弹簧", "轴承", "包材", "包装材料", "纸箱", "胶袋",
    "方钢", "扁铁", "六角棒", "圆棒", "方棒", "铜板", "铝卷", "钢卷", "铜卷", "冷轧板", "热轧板", "镀锌卷", "硅钢片",
    "不锈钢", "黄铜", "紫铜", "锌合金", "铝合金", "锌锭", "胶粒", "色母", "新料", "料子", "毛胚", "粗坯", "钢坯",
    "板子", "管子", "铁料", "钢料", "生铁", "废钢", "硅铁", "锰铁", "球化剂", "孕育剂", "型砂", "覆膜砂", "树脂砂", "石英砂", "蜡料", "钢锭", "铜锭", "板料",
    "钛棒", "钛料", "钛材", "钛板", "钛丝", "钛合金", "钴铬钼", "钴铬", "不锈钢棒", "棒材", "线材",
    "盘条", "胶料", "生胶", "EVA料", "TPR料", "PU料", "硅胶料",
    "钢板", "中厚板", "厚板", "圆钢", "毛坯", "端子", "玻璃原片", "原片", "齿坯", "锻坯", "坯料", "管坯", "钢丝", "铁板", "冷拉料", "标准件", "外购件", "电子料", "线束", "标签", "彩盒", "吸塑盒", "泡棉", "珍珠棉", "木箱", "托盘",
    "保温棉", "岩棉", "橡塑棉",  # a duct's insulation wool, bought in as stock (保温 alone is no step: 保温桶 is a product)
)


# The parts a shop makes, named before a report (`2844叶轮熔模的在浇注`, `泵盖的首件过了`): they say which
# goods, never what happened to them, so a reading leaves them out without doubt. In no pattern: vocabulary only.
PARTS: tuple[str, ...] = (
    "叶轮", "泵壳", "泵盖", "泵体", "阀体", "阀盖", "阀座", "法兰", "齿轮", "齿圈", "链轮", "皮带轮", "飞轮", "凸轮",
    "拨叉", "曲轴", "连杆", "轴套", "衬套", "套筒", "轴承座", "轴承盖", "支架", "托架", "底座", "机座", "壳体", "外壳",
    "机壳", "端盖", "箱体", "盖板", "面板", "侧板", "门板", "底板", "机箱", "机柜", "电箱", "吊耳", "把手", "手柄",
    "轮毂", "刹车盘", "制动盘", "销轴", "接头", "弯头", "三通", "管件", "铰链", "导轨", "滑块", "垫圈", "卡箍",
    "坯子", "齿轮坯", "锻件坯", "曲柄", "摇臂", "转轴", "主轴", "传动轴", "半轴", "连接板", "安装板", "护罩", "罩壳",
    # ventilation ductwork and electrical cabinets: the duct, its damper and outlet, the cabinet's body
    "风管", "风阀", "风口", "柜子", "柜体",
)

# The papers and people of a tidy QA register (`材质证明随货`, `材证已核对`, `单号已发采购`): they go with a
# report, never make one, so a reading leaves them out without doubt. In no pattern: vocabulary only.
PAPERS: tuple[str, ...] = (
    "材质证明", "材证", "材质书", "材质单", "质保书", "质证书", "合格证", "检验报告", "出厂报告", "全尺寸报告", "证书",
    "炉号", "炉批号", "熔炼号", "随货", "随箱", "核对", "核对过", "邮箱", "采购", "跟单", "无尘", "洁净", "追溯", "无尘包装", "真空包装", "洁净包装",
)

# Valve shops and heavy weldments (the trades of blind S and Q, written from the trade): a valve's pressure test
# and overlay welding are steps, its types are parts, a big shop names its machines by kind; a weld not fused
# is a material defect, a part knocked (磕坏) one of appearance.
STEPS += ("打压", "试压", "水压试验", "气压试验", "壳体试验", "密封试验", "堆焊", "固溶处理", "划线", "立车", "卧车",
          "龙门铣", "龙门", "半精车", "精加工", "粗加工", "滚压")
# ... and a valve's or a pipe spool's flushing before its pressure test (冲洗, as 清洗 is a step: EN's valve shops)
STEPS += ("冲洗",)
# Wire harnesses and through-hole boards (the crimping steps are listed above): a crimp left out, the DIP line
_HARNESS_STEPS = ("压端子", "打端子", "端子压接")
STEPS += ("端子压接", "DIP")
DEFECTS["other"] += tuple("漏" + step for step in _HARNESS_STEPS)  # 漏压端子 4根: a step left out, as 漏焊
# Rattan and wicker garden furniture (blind AO's trade): weaving the rattan over the frame is the making.
STEPS += ("编藤", "穿藤", "编织", "绕藤")
PARTS += ("藤编", "藤椅", "吊篮")  # the woven goods, named before a report
PARTS += ("闸阀", "球阀", "截止阀", "止回阀", "蝶阀", "阀门", "阀杆", "阀瓣", "闸板", "阀芯", "大齿圈")
DEFECTS["material"] += ("未熔合", "未焊合", "未融合")
DEFECTS["appearance"] += ("磕坏", "碰坏", "磕掉", "磕了")
# Knitted and woven mesh (office-chair backs, blind AU's trade): a yarn skipped, pulled or broken, a hole, pilling
DEFECTS["appearance"] += ("跳纱", "断纱", "抽丝", "勾丝", "跳针", "破洞", "起球", "浮纱")

# Medical devices (ISO 13485 shops): sterilising is a subcontracted step of the making, by ethylene oxide (ISO 11135),
# radiation (ISO 11137) or steam (解析, the EO load airing out, also means analysis: left out).
# Aluminium profiles: extruding the billet through the die (挤压, 挤型) is the making, as 压铸 is a caster's.
STEPS += ("挤压", "挤型")
STEPS += ("灭菌", "EO灭菌", "环氧乙烷灭菌", "辐照灭菌", "辐照", "伽马灭菌", "电子束灭菌", "湿热灭菌", "蒸汽灭菌")
# Ceramic tiles, solar panels and steel pipe (blind DX's trades, from their process sheets), in English as Lagos and
# Nairobi write it: a tile is pressed, glazed and fired in the kiln, then sorted; a panel's cells are strung,
# laminated, edge-sealed and framed, then EL-tested; a pipe is pickled and hot-dip galvanised (British spelling),
# its tubes primed, and hydro-tested. Each is a step of the making (`in_process`).
STEPS += ("pressing", "glazing", "kiln firing", "firing", "stringing", "laminating",
          "edge sealing", "framing", "EL test", "pickling", "galvanising", "hot dip galvanising", "priming",
          "hydro test", "hydrotest", "hydrostatic test")
# ... and their faults: a tile's shade off or edge chipped (appearance), a solar cell cracked (material), a weld left
# out (other), as the trades' QC sheets name them
DEFECTS["appearance"] += ("shade variation", "colour shade", "color shade", "chipped edge", "chipped edges", "chipped corner")
DEFECTS["material"] += ("cell crack", "cell cracks", "micro crack", "micro cracks", "microcrack")
DEFECTS["other"] += ("missing weld", "weld missing", "missed weld")

# ... and their measured values (GB/T 13560, GB/T 3217): remanence, coercivity, surface field, flux; the stock they
# are made of (cast ingots, nickel plate for the plating line).
GAUGES += ("Br", "Hcj", "Hcb", "BHmax", "(BH)max", "剩磁", "矫顽力", "内禀矫顽力", "磁能积", "表磁", "磁通", "磁通量")
MATERIALS += ("铸锭", "镍板", "钕铁硼", "速凝片")
MATERIALS += ("塑粉", "粉末涂料")  # a powder coater's stock (塑粉到了: DL)
STEPS += ("UV", "过UV", "UV固化")  # UV coating of phone cases and boxes (手机壳UV完成: BU)
MATERIALS += ("锌合金锭", "铝合金锭", "合金锭", "镁锭")  # a die-caster's ingots (BR), as 铝锭 and 锌锭
# Sintered NdFeB magnets (GB/T 13560): magnetic performance short is of the material, magnetised the wrong way round
# is of the function.
DEFECTS["material"] += ("磁通偏低", "Hcj偏低", "Br偏低", "磁性能不合格", "性能不合格", "矫顽力偏低", "剩磁偏低")
DEFECTS["function"] += ("充反",)
# ... and the blank sliced into magnets (切片还冇做, 切片今晡日开始: DZ's Ganzhou magnet shops) is a step of the making
STEPS += ("切片",)
# ... a PCB's flying-probe test (飞针测试做好哩: DZ; 测试 alone is also a test message or a test jig, and stays out), and a
# ceramic works' decals put on and fired (贴花, 烤花: DZ's Meizhou kilns; AR CJ write 贴花 too)
STEPS += ("飞针测试", "贴花", "烤花")
# Lithium battery packs (e-bike and storage packs, blind CO): the cells (电芯), nickel strip and protection board are
# bought-in stock; grading the cells by capacity (分容) is a step of the making (配组 and 循环测试 would be too, but they
# take the in_process rule past its fast search's guard); a pack that will not charge, cells of unequal voltage or
# resistance are its function.
MATERIALS += ("电芯", "镍片", "保护板", "BMS板", "热缩膜", "热缩管")
STEPS += ("分容",)
DEFECTS["function"] += ("不充电", "压差超标", "压差大", "内阻偏高", "内阻偏大", "电压不一致", "漏液")

# Mould making (shoe-sole and tyre moulds: blind BN's and BO's trades, written from the trade): roughing and finishing
# the cavity (开粗, 半精, 精雕, 清角), texturing it (晒纹, 蚀纹, 咬花), a casting's gates and risers taken off (去浇冒口),
# physical vapour deposition (PVD) of a faucet's colour; the mould's parts and the electrodes that spark it.
STEPS += ("开粗", "半精", "精雕", "清角", "晒纹", "蚀纹", "咬花", "去浇冒口", "PVD")
PARTS += ("模具", "鞋模", "型腔", "型芯", "模仁", "花纹块", "钢片", "电极", "花洒", "龙头", "基体", "锯片")
# Rail vehicles, marine diesels and mud pumps (blind BN's and BP's trades): a car body's walls, frames and beams, an
# engine's liners and heads, a pump's fluid end and the manifolds and unions of a wellhead.
PARTS += ("车体", "构架", "转向架", "侧墙", "端墙", "底架", "顶板", "侧梁", "轴箱", "齿轮箱", "缸套", "缸盖", "凸轮轴",
          "飞轮壳", "泥浆泵", "阀总成", "十字头", "管汇", "节流管汇", "由壬", "排气阀")
# Small motors, generators and electric pumps (blind BX's trade, written from the trade): the enamelled wire and shaft
# stock a winder and a turner wait for; the parts of a motor and a pump named before a report (the stator and rotor,
# their core, the die-cast aluminium housing, the terminal box, the fan and its cover, the pump's mechanical seal; not
# 冲片, which AZ and BX write for the stamping of the laminations as well as for the laminations); a winding shorted
# turn to turn, broken down under the withstand-voltage test or not turning does not work.
STEPS += ("铸铝",)  # the rotor's cage cast in aluminium (转子铸铝), as 压铸 is a caster's
MATERIALS += ("漆包线", "铜漆包线", "铝漆包线", "电磁线", "轴料", "绝缘纸", "槽楔", "硅钢卷")
PARTS += ("定子", "转子", "铁芯", "铝壳", "接线盒", "风叶", "风罩", "机械密封", "线圈", "绕组", "电机", "马达",
          "泵壳", "前盖", "后盖", "轴伸")
DEFECTS["function"] += ("匝间短路", "耐压击穿", "击穿", "耐压不合格", "绝缘击穿", "不转")
# ... and a rotor or impeller failing its balancing (动平衡不过: CV; 动平衡不合格: EN's notes) runs rough: of the function
DEFECTS["function"] += ("动平衡不合格", "动平衡不过", "动平衡不良")
# ... and what a motor's final test measures: insulation resistance, no-load current, speed, withstand voltage
GAUGES += ("绝缘电阻", "空载电流", "负载电流", "转速", "耐压值")

# Every word of the lists above: the reader's vocabulary (handlers/reading_account.py) holds them whole,
# whatever shape `alternation` gives the pattern.
# reader20b: the defects of trades a new writer may come from, by the category of their root, from the trades' own
# inspection sheets: paint runs and bumps, weld spatter left, loose threads, pilling, blotchy dye and mildew spots, a
# part printed or placed off its mark (O writes 丝印偏位 so); cold cracks and glass stones; a part that does not turn,
# light, conduct or insulate; a part standing proud or with lifted leads, a bent terminal, shrinkage out; and parts
# missing or put in backwards (as 漏件, 错件). 烧伤 stays out: three writers (AT AX M) file it with no category. 崩边 joins
# its siblings 崩角, 崩口, 崩缺 (an edge chipped, as a corner is) in round 28 (r28n): CB files it so, as BM files 崩角 four
# times, and AT's line without a category reads the same (a category a line leaves out is not scored).
DEFECTS["appearance"] += ("漆瘤", "凸包", "焊渣", "线头", "起毛", "色花", "霉点", "偏位", "崩边")
DEFECTS["material"] += ("冷裂", "结石")
DEFECTS["function"] += ("转动不灵", "不通电", "接触不良", "绝缘不良", "不亮", "噪音大", "端子松")
DEFECTS["dimension"] += ("浮高", "翘脚", "端子歪", "缩率超")
# reader26: lights and finishes of consumer goods (LED strings, sprayed and plated housings: blind BR and BU) and a
# print off its register: a lamp dead or not lighting (死灯, 唔著燈 as 不着灯, 灯不亮), paint or plating coming off
# (甩油, 甩漆, Cantonese 甩 "shed"), a print or part not aligned (对位不准, 套位不准)
DEFECTS["function"] += ("死灯", "不着灯", "灯不亮")
DEFECTS["appearance"] += ("甩油", "甩漆")
DEFECTS["dimension"] += ("对位不准", "套位不准", "位置不准")
DEFECTS["other"] += ("缺件", "反向", "翻件")
# reader27 (BV's and BW's trades, construction machinery in Hunan and engine parts in Guangxi): a ring gear shrunk onto
# its flywheel (热装; a hose crimped, a plate bevelled, a rod fracture-split are folded to the steps they are in
# handlers/regional_words.py: the step pattern's guard holds no more words); an induction-hardened part's soft band
# (软带) is of the material, as 软点 is, and a conversion coat laid on unevenly (磷化膜不均) of the look, as 镀层不均 is
STEPS += ("热装",)
# round 31 (r31d): sports-shoe and mahogany-furniture shops of Putian and Xianyou (blind CP, whose writer names these
# steps on 32 lines): stitching the uppers on the sewing machine (针车, the Fujian, Taiwanese and Cantonese shoe shops'
# word for 车缝), machine embroidery (电绣), brushing the glue and laying the sole (刷胶, 贴底), roughing the upper's
# lasting margin (打粗), cold-pressing the sole; carving the wood (雕花), rubbing in the lacquer (擦漆) and waxing (烫蜡)
STEPS += ("针车", "电绣", "刷胶", "贴底", "打粗", "冷压", "雕花", "擦漆", "烫蜡")
# ... and the goods they name before a report (CP, 40 lines): a shoe's upper, outsole, midsole and laces, the upper's
# cloth (mesh, microfibre, flyknit), a rubber sole; a chair's back, arms, legs and rails, a drawer front, a tea table,
# the lacquered face, and the woods (红木 mahogany, 酸枝 rosewood, 花梨 padauk)
PARTS += ("鞋面", "大底", "中底", "鞋底", "鞋带", "网布", "超纤", "飞织", "橡胶", "靠背", "扶手", "椅脚", "横档", "抽屉面",
          "抽屉", "茶几", "椅子", "漆面", "红木", "酸枝", "红酸枝", "大红酸枝", "花梨木", "花梨")
PARTS += ("胶管", "高压胶管", "齿圈")  # the hose crimped, the ring gear shrunk on: goods named before a report
DEFECTS["material"] += ("软带",)
DEFECTS["appearance"] += ("膜不均", "磷化不均", "膜层不均")
# round 31 (r31d, CP's shoe and furniture shops): a bond come apart (脱胶, as 开胶: a sole off its upper) does not hold,
# so of the function, as 脱焊 and 开焊 are (CP files its 3 lines of both so; no other writer writes either); moulding
# flash (溢料, as 溢胶 and 披缝) and embroidery off its mark (电绣走位, as 丝印偏位: BI CE O file a decoration off its
# place so) are of the look; worm holes in the wood (虫眼, 虫孔) are of the material, as its cracks (开裂) are.
DEFECTS["function"] += ("脱胶",)
DECORATION_OFF: tuple[str, ...] = tuple(mark + off for mark in ("丝印", "移印", "印刷", "打标", "镭雕", "烫金", "电绣", "绣花", "印花")
                                        for off in ("偏位", "走位"))  # before 走位 alone, a part off its place (dimension)
DEFECTS["appearance"] += ("溢料", *DECORATION_OFF)
DEFECTS["material"] += ("虫眼", "虫孔")

# round 32 (r32da): apparel, knitwear and bag subcontractors of Hangzhou, Shaoxing and Huzhou (blind DA, whose writer
# names these steps on 30 lines; CU's home textiles write 开裁 and 面料 the same way): the cutting room (裁床, 开裁,
# 裁片 the cut pieces made), the sewing line (车位), collar setting and zip setting (上领, 上拉链), buttonholes and
# buttons (锁眼, 钉扣), garment washing (水洗), down filling (充绒), a leather edge painted (油边), and the finishing
# after sewing (后道, 后整, 查衫 the garment checked at the end of the line); trimming the threads (剪线头) is a step
# of finishing, never the loose thread (线头) it takes off. All `in_process`, as 车缝 and 整烫 are.
STEPS_NOT_DEFECTS += ("剪线头",)
STEPS += ("剪线头", "裁床", "开裁", "裁片", "车位", "上领", "上拉链", "锁眼", "钉扣", "水洗", "充绒", "油边", "后道", "后整",
          "查衫")
# ... the stock of the trade, come in or awaited (DA 33 lines, CU 9): the cloth and the lining, the trims (辅料, 面辅料
# cloth and trims together), swing tickets, wash-care and neck labels, webbing, buttons
MATERIALS += ("面料", "面辅料", "辅料", "里布", "吊牌", "洗水唛", "领标", "织带", "纽扣")
# ... and a garment's defects by the category of their root (DA's 13 lines): a thread broken or skipped (断线, 跳线, as
# 断纱 and 跳针), a seam not straight, stones come off, checks and stripes not matched, are of the look; a garment or
# pocket out of its size (衣长短, 袋口歪) of the dimension; a seam come open (开线, as 开胶) and a zip that will not run
# of the function; a swing ticket on the wrong goods or a torn bag of the packing
DEFECTS["appearance"] += ("断线", "跳线", "走线不直", "钻掉了", "掉钻", "对格对条")
DEFECTS["dimension"] += ("衣长短", "袖长短", "袋口歪")
DEFECTS["function"] += ("开线", "拉链拉不动", "拉链头掉", "拉链坏")
DEFECTS["packaging"] += ("吊牌挂错", "挂错吊牌", "吊牌错", "包装袋破")  # a swing ticket wrong, as 标签贴错; a bag torn

# Vacuum-insulated cups and flasks (Yongkang's trade, blind DM): a cup whose vacuum or heat retention fails (真空度不合格,
# 保温不合格 6小时后只有52度) is of its function, as a leak (漏气) is
DEFECTS["function"] += ("真空度不合格", "真空度不够", "真空度不良", "真空不良", "保温不合格", "保温不良", "保温差", "不保温")

# Sanitary ceramics (Tangshan's trade, blind DH: some thirty of its lines): the slip cast into the mould (注浆), the green
# body trimmed (修坯), glazed (施釉, 喷釉) and fired (烧成: the kiln is folded to the furnace, handlers/regional_words.py) are
# the making; so is a steel-structure shop's fitting of an H-beam's plates (组立). The ware's flaws (GB/T 6952): a body
# cracked (坯裂) is of the material, glaze bubbles, pinholes and dirt fired in (釉泡, 棕眼, 落脏, 缺釉) of its appearance.
STEPS += ("注浆", "修坯", "施釉", "喷釉", "烧成", "组立")
DEFECTS["material"] += ("坯裂", "生坯裂")
DEFECTS["appearance"] += ("釉泡", "棕眼", "落脏", "缺釉", "釉裂")
MATERIALS += ("泥浆", "釉料")  # the slip cast and the glaze, the stock of the trade
# ... the ware itself, named before a report (面盆 6 lines, 坐便器, 蹲便器, 小便斗, 水箱盖), and a steel-structure shop's
# members and stock (H型钢, 檩条 purlins, 牛腿 brackets: DH's 9 lines)
PARTS += ("面盆", "坐便器", "蹲便器", "小便斗", "水箱盖", "檩条", "牛腿")
MATERIALS += ("H型钢", "型钢")
# round 33 (r33df): rubber-moulding and fibreglass (FRP) boat-part shops of Haikou, Danzhou and Sanya (blind DF, whose
# writer names this stock and these steps on 20 lines; CP's and AK's rubber and seal shops name 胶衣 and 密封 beside):
# the stock of the trade, come in or awaited: resin and its hardener, natural and synthetic rubber, carbon black, the
# gelcoat, glass-fibre cloth and mat
MATERIALS += ("树脂", "天然胶", "合成胶", "炭黑", "胶衣", "固化剂", "促进剂", "玻纤布", "玻纤毡", "玻璃纤维布")
# ... the steps of laying up a hull by hand (手糊, 糊制), spraying its gelcoat and taking it from the mould (脱模): all
# `in_process`, as 模压 and 硫化 are
STEPS += ("手糊", "糊制", "脱模", "喷胶衣")
# ... and the goods named before a report: seal strips and rings, rubber buffers, a boat's hull and its parts
PARTS += ("密封条", "密封圈", "减震块", "减震垫", "船体", "船壳", "船体配件", "玻璃钢")
# round 34 (r34dp): connector, terminal and plating suppliers of Kunshan, Taicang and Wujiang (blind DP, whose writer
# names these): copper showing through the plating (露铜, 露镍) is the look, as 露底 is; a pin pushed back out of its
# housing (退pin, 退针) and a mating force short (插拔力不足, 插拔力偏小) are what the connector does
DEFECTS["appearance"] += ("露铜", "露镍")
DEFECTS["function"] += ("退pin", "退针", "插拔力不足", "插拔力不够", "插拔力偏小", "插拔力偏大", "插拔力小", "插拔力大")
# round 36 (r36dw): drone and robot-vacuum makers' subcontractors (blind DW): carbon-fibre tube, plate and cloth are the
# stock of a drone's arms; the assembled board (PCBA) and the mainboard (主板) are goods named before a report, as a
# part is
MATERIALS += ("碳纤维", "碳纤维管", "碳纤维板", "碳纤管", "碳纤板", "碳布")
PARTS += ("PCBA", "主板", "机臂")

# round 41 (r41pq): fastener, bearing and warp-knitting-machine-part shops of Jiaxing, Pinghu and Haining (blind EQ, whose
# writer calls wire rod, balls, cages and stampings arriving stock; EP's bearing-ring and valve shops name the rings and the
# CV joint's cage): the stock come in ...
MATERIALS += ("盘元", "钢球", "保持架", "冲压件")
# ... the steps of a fastener shop the trade's words lack: baking the hydrogen out after plating (去氢, 除氢, 驱氢)
STEPS += ("去氢处理", "去氢", "除氢处理", "除氢", "驱氢")
# ... a hardness said low or high by its scale (`HRC偏低`, as 硬度偏低: DU's bolt shop, EQ's fasteners read on HRC)
DEFECTS["material"] += ("HRC偏低", "HRC偏高", "HRC低了", "HRC高了")
# ... and the goods named before a report: a warp-knitting machine's sinkers, guide bars, needle bed and needles, a
# bolt's kinds, a bearing's rings and rollers, a CV joint's cage, a frame and a swing arm
PARTS += ("沉降片", "梳栉", "花梳", "针床", "针芯", "导纱针", "槽针", "螺栓", "六角螺栓", "膨胀螺栓", "内六角", "法兰螺母",
          "自攻钉", "滚子", "内圈", "外圈", "套圈", "球笼", "摆臂", "机架")

WORDS: tuple[str, ...] = STEPS + tuple(w for words in DEFECTS.values() for w in words) + GAUGES + MATERIALS + PARTS + PAPERS


_Node = dict[str, "_Node"]  # a trie: each next character, and "" where a word ends


def alternation(words: tuple[str, ...]) -> str:
    """One regex of the words, as a trie (`同心度(?:不(?:好|良)|超)`), so a search tries each character
    once instead of every word at every character; a longer word always wins over its prefix, and a
    Latin word matches only as a whole word."""
    cjk = sorted({w for w in words if not w.isascii()})
    latin = sorted({w.lower() for w in words if w.isascii()})
    parts = []
    if cjk:  # one look at a set of first characters, instead of one branch per first character
        firsts = "".join(f"\\u{ord(ch):04x}" for ch in sorted({w[0] for w in cjk}))
        parts.append(f"(?=[{firsts}]){_trie(cjk)}")
    if latin:  # the look-ahead lets a Chinese character skip every Latin word at once
        parts.append(rf"(?<![A-Za-z])(?=[A-Za-z])(?:{_trie(latin)})(?![A-Za-z])")
    return "(?:" + "|".join(parts) + ")"


def _trie(words: list[str]) -> str:
    root: _Node = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branches(root)


def _branches(node: _Node) -> str:
    # each character as its code (`\\u540c`): the trie's pieces are no words, and the reader's vocabulary,
    # which reads the words written in its patterns, must take the words from WORDS, never a piece
    options = [f"\\u{ord(ch):04x}" + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    if "" in node:  # a word ends here: the longer ones first, then this one
        return f"(?:{body})?"
    return body

# A die caster's leak test after impregnation (试漏: DL's 鑫渝压铸, 浸渗 then 试漏), as a valve's 打压 and 试压 are steps
STEPS += ("试漏",)
# Boring a cylinder head's bores fine or rough (缸头在精镗: DL's die caster), as 镗孔 is
STEPS += ("精镗", "粗镗", "半精镗")

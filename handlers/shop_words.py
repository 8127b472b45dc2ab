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

import re

__all__ = ["DEFECTS", "GAUGES", "MATERIALS", "STEPS", "alternation"]

# Machining, forming, joining, treatment, finishing and assembly steps: all `in_process`.
STEPS: tuple[str, ...] = (
    # cutting and turning
    "精车", "粗车", "车外圆", "车内孔", "滚花", "滚齿", "插齿", "剃齿", "磨齿", "铣齿", "拉削", "拉键槽", "插键槽",
    "镗孔", "镗床", "铰孔", "扩孔", "锪孔", "珩磨", "研磨", "外圆磨", "内圆磨", "平面磨", "无心磨", "刨床",
    "线割", "慢走丝", "快走丝", "中走丝", "电火花", "火花机", "锯料", "锯床", "锯切", "剪板", "剪切", "冲裁",
    "滚丝", "搓丝", "车牙", "铣牙", "加工中心", "冲床", "钻床", "折弯机", "剪板机", "激光机", "油压机", "压力机", "注塑机", "压铸机",
    # forming and casting
    "锻打", "锻造", "热锻", "冷镦", "冷锻", "镦头", "拉伸", "拉深", "翻边", "卷圆", "卷板", "校直",
    "校平", "整形", "旋压", "浇注", "浇铸", "铸造", "砂铸", "翻砂", "精铸", "去浇口", "切浇口", "清砂", "落砂",
    # joining and assembly
    "铆接", "压铆", "拉铆", "铆钉", "点焊", "氩弧焊", "二保焊", "满焊", "激光焊", "钎焊", "回流焊", "波峰焊",
    "焊锡", "压装", "压接", "总装", "装箱前组装", "绕线", "灌胶", "点胶", "涂胶", "调试", "老化",
    # heat treatment
    "氮化", "渗氮", "碳氮共渗", "退火", "正火", "时效", "固溶", "高频淬火", "感应淬火", "真空淬火", "去应力",
    # surface and finishing
    "电泳", "磷化", "丝印", "移印", "喷码", "打标", "镭雕", "镭射", "激光打标", "浸塑", "达克罗", "发蓝", "硬质氧化",
    "镀铜", "镀银", "镀金", "镀锡", "喷丸", "抛丸", "酸洗", "除油", "前处理", "去氧化皮", "清洗", "烘干", "固化",
    "拉丝", "喷油", "烤漆", "刷漆", "滚镀", "挂镀", "表面处理", "出炉", "进炉", "入炉", "装炉",
    # English
    "grinding", "milling", "turning", "drilling", "honing", "lapping", "forging", "casting", "riveting",
    "powder coating", "polishing", "sandblasting", "shot blasting", "bending", "laser cutting", "wire edm",
    "edm", "nitriding", "carburizing", "annealing", "tempering", "quenching", "hardening", "galvanizing",
    "passivation", "blackening", "knurling", "hobbing", "broaching", "reaming", "threading",
    "silk screen", "printing", "e-coating", "phosphating", "soldering", "brazing",
)

# Defect words a shop and its QC write, by the category the docs give them.
DEFECTS: dict[str, tuple[str, ...]] = {
    "dimension": (
        "通止规不过", "通规不过", "止规不过", "通止规", "牙不通", "滑牙", "乱牙", "烂牙", "孔大了", "孔小了", "孔径大",
        "孔径小", "壁厚不够", "长度短了", "尺寸大了", "尺寸小了", "同心度超", "平面度超", "跳动超",
        "装不进", "装不上", "配合太紧", "配合松",
    ),
    "appearance": (
        "脱漆", "起皮", "脱皮", "剥落", "流挂", "橘皮", "露底", "发花", "漏镀", "烧焦", "压痕", "压印", "磕伤", "磕碰",
        "碰花", "刮花", "划花", "茶伤", "麻点", "针孔", "凹坑", "凹陷", "鼓包", "脏污", "油污", "污渍", "水印",
        "黑点", "白点", "斑点", "异色", "颜色不对", "发黄", "缺胶", "溢胶", "连锡", "少锡", "锡珠", "焊穿", "焊偏",
        "咬边", "夹渣", "焊疤", "弯了", "变弯", "弯曲",
    ),
    "material": (
        "硬度偏低", "硬度偏高", "硬度低", "硬度高", "缩孔", "缩松", "冷隔", "夹杂", "材质不对", "用错料",
    ),
    "function": ("不导通", "开路", "漏气", "漏水", "漏油", "卡死", "异响", "转不动", "烧坏"),
}

# Labels of a measured value: with numbers after them a message is inspection values.
GAUGES: tuple[str, ...] = (
    "壁厚", "膜厚", "镀层厚度", "涂层厚度", "漆膜", "同心度", "同轴度", "垂直度", "平行度", "跳动", "圆跳动",
    "位置度", "螺距", "深度", "槽宽", "孔距", "中心距", "扭力", "拉力", "测的数据", "实测数据",
    "concentricity", "runout", "flatness", "depth", "coating thickness", "film thickness",
)

# Raw stock and bought-in parts that, arriving, are `material_ready`.
MATERIALS: tuple[str, ...] = (
    "铜排", "锻坯", "铸坯", "铝锭", "钢带", "钢管", "铜管", "铝管", "方管", "圆管", "角钢", "槽钢", "工字钢",
    "扁钢", "不锈钢板", "冷板", "热板", "镀锌板", "卷料", "带料", "铜带", "铝带", "塑料粒", "色粉", "油漆",
    "焊丝", "螺母", "垫片", "弹簧", "轴承", "包材", "包装材料", "纸箱", "胶袋",
)


def alternation(words: tuple[str, ...]) -> str:
    """One regex alternation, longest first; a Latin word only as a whole word."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    cjk = [re.escape(w) for w in ordered if not w.isascii()]
    latin = [re.escape(w) for w in ordered if w.isascii()]
    parts = []
    if cjk:
        parts.append("|".join(cjk))
    if latin:
        parts.append(rf"(?<![A-Za-z])(?:{'|'.join(latin)})(?![A-Za-z])")
    return "(?:" + "|".join(parts) + ")"

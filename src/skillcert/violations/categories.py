"""The behaviours of the candidate violation rules (考生违纪违规处理规定, 004), each with its
rule and effect (VIOL-01..04, VIOL-06). A pure module: the form, the API and the service all
read the same table.

Effects:
- CANCEL_SUBJECT (VIOL-01): that subject's score is cancelled (取消) — the subject fails.
- ZERO_SUBJECT (VIOL-02, VIOL-06): treated as cheating in that subject — it scores 0.
- CANCEL_ALL (VIOL-03): every subject of the sitting is cancelled.
- CANCEL_ALL_BAN (VIOL-04): every subject cancelled and a ban from assessment until
  graduation; eligibility obtained with false material also cancels the registration (PLAN-08).

A phone that only rang or vibrated is NOT a violation (VIOL-06, 004 突发事件 18): the code
`PHONE_RANG_ONLY` is offered on the form so the recorder can say so, and the service refuses
it with the reason instead of storing a violation.
"""

from dataclasses import dataclass

CANCEL_SUBJECT, ZERO_SUBJECT, CANCEL_ALL, CANCEL_ALL_BAN = (
    "cancel_subject",
    "zero_subject",
    "cancel_all",
    "cancel_all_ban",
)
EFFECT_LABELS = {
    CANCEL_SUBJECT: "取消该科目成绩",
    ZERO_SUBJECT: "该科目按作弊处理（0分）",
    CANCEL_ALL: "取消当次全部科目成绩",
    CANCEL_ALL_BAN: "取消当次全部科目成绩，毕业前不得参加评价",
}
PER_SUBJECT = {CANCEL_SUBJECT, ZERO_SUBJECT}

PHONE_RANG_ONLY = "v06_rang_only"
RANG_ONLY_LABEL = "仅手机铃声音响（震动），未发现使用"
RANG_ONLY_MESSAGE = "仅手机铃声音响（震动）不视为作弊，不能记为违纪（VIOL-06）"
FALSE_MATERIAL = "v04_false_material"


@dataclass(frozen=True)
class Category:
    code: str
    rule: str
    label: str
    effect: str

    @property
    def effect_label(self) -> str:
        return EFFECT_LABELS[self.effect]

    @property
    def per_subject(self) -> bool:
        return self.effect in PER_SUBJECT


_ROWS = [
    # VIOL-01: 取消该科目成绩
    (
        "v01_forbidden_items",
        "VIOL-01",
        "携带违禁物品进入座位（考位）或未将违禁物品放在指定位置，经提醒拒不改正",
        CANCEL_SUBJECT,
    ),
    (
        "v01_leave_seat",
        "VIOL-01",
        "未在规定座位（考位）参加考试或擅自离开座位（考位），经提醒拒不改正",
        CANCEL_SUBJECT,
    ),
    (
        "v01_disturb",
        "VIOL-01",
        "在考场（考区）喧哗、吸烟或实施其他影响考场秩序的行为，经提醒拒不改正",
        CANCEL_SUBJECT,
    ),
    ("v01_other", "VIOL-01", "其他违反考场规则但尚未构成作弊的行为", CANCEL_SUBJECT),
    # VIOL-02: 该科目成绩按作弊处理
    ("v02_whisper", "VIOL-02", "交头接耳、左顾右盼、互打暗号或手势", ZERO_SUBJECT),
    ("v02_copy", "VIOL-02", "抄袭或者协助他人抄袭试卷", ZERO_SUBJECT),
    (
        "v02_pass_material",
        "VIOL-02",
        "夹带资料、传递纸条等物品或者交换试卷、答题卡、草稿纸",
        ZERO_SUBJECT,
    ),
    (
        "v02_identity",
        "VIOL-02",
        "在答案上填写与本人身份不符的姓名、准考证号等信息",
        ZERO_SUBJECT,
    ),
    ("v02_take_paper", "VIOL-02", "将试卷、答题卡、草稿纸等带出考场", ZERO_SUBJECT),
    ("v02_identical", "VIOL-02", "同一考场试卷雷同", ZERO_SUBJECT),
    # VIOL-06: 手机
    (
        "v06_phone_use",
        "VIOL-06",
        "手机未放在指定位置，疑似利用手机阅读、接收、处理或发送信息（按作弊处理）",
        ZERO_SUBJECT,
    ),
    # VIOL-03: 取消当次全部科目成绩
    (
        "v03_device",
        "VIOL-03",
        "考试中使用规定以外的带拍照、存储、传输或通讯功能的电子设备",
        CANCEL_ALL,
    ),
    ("v03_damage_paper", "VIOL-03", "故意损毁试卷、工件或考试材料", CANCEL_ALL),
    ("v03_take_items", "VIOL-03", "擅自将试题、答卷或者有关内容带出考场", CANCEL_ALL),
    ("v03_other", "VIOL-03", "其他作弊但对其他应试人员未造成严重干扰的行为", CANCEL_ALL),
    # VIOL-04: 取消当次全部科目成绩，毕业前不得参加评价
    (
        FALSE_MATERIAL,
        "VIOL-04",
        "通过虚假承诺、提供虚假材料或其他非正当手段取得考试资格",
        CANCEL_ALL_BAN,
    ),
    (
        "v04_items_leak",
        "VIOL-04",
        "考试前以非正当手段获得试题或答案或进行传播",
        CANCEL_ALL_BAN,
    ),
    (
        "v04_seize",
        "VIOL-04",
        "抢夺、窃取他人试卷或胁迫他人配合作弊、偷换工量器具或工件",
        CANCEL_ALL_BAN,
    ),
    ("v04_impersonation", "VIOL-04", "由他人冒名顶替参加考试或者代替他人考试", CANCEL_ALL_BAN),
    ("v04_organised", "VIOL-04", "串通作弊或参与有组织作弊", CANCEL_ALL_BAN),
    (
        "v04_damage_equipment",
        "VIOL-04",
        "故意损毁考试设备（含视频监控系统）、材料，造成设备故障、人身伤害或主要零部件损坏",
        CANCEL_ALL_BAN,
    ),
    ("v04_other", "VIOL-04", "其他严重扰乱考试管理秩序的行为", CANCEL_ALL_BAN),
]

CATEGORIES: dict[str, Category] = {code: Category(code, *rest) for code, *rest in _ROWS}
CODE_MAX = 24
assert all(len(c) <= CODE_MAX for c in [*CATEGORIES, PHONE_RANG_ONLY])

RULE_TITLES = {
    "VIOL-01": "VIOL-01 取消该科目成绩",
    "VIOL-02": "VIOL-02 该科目按作弊处理（0分）",
    "VIOL-06": "VIOL-06 手机（疑似使用按作弊处理）",
    "VIOL-03": "VIOL-03 取消当次全部科目成绩",
    "VIOL-04": "VIOL-04 取消全部科目成绩，毕业前不得参加评价",
}


def model_choices() -> list[tuple[str, str]]:
    """Flat choices for the model field (what can be stored)."""
    return [(c.code, f"{c.rule} {c.label}") for c in CATEGORIES.values()]


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by rule for the form's select; the VIOL-06 group also offers the
    'only rang' answer, which the service refuses (VIOL-06)."""
    groups: dict[str, list[tuple[str, str]]] = {rule: [] for rule in RULE_TITLES}
    for c in CATEGORIES.values():
        groups[c.rule].append((c.code, c.label))
    groups["VIOL-06"].append((PHONE_RANG_ONLY, RANG_ONLY_LABEL + "（不视为作弊）"))
    return [(RULE_TITLES[rule], items) for rule, items in groups.items()]


def category_get(code: str) -> Category | None:
    return CATEGORIES.get(code)

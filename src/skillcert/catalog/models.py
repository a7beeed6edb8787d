from django.db import models

LEVELS = [
    (1, "一级/高级技师"),
    (2, "二级/技师"),
    (3, "三级/高级工"),
    (4, "四级/中级工"),
    (5, "五级/初级工"),
]
LEVEL_LABELS = dict(LEVELS)  # LEVEL-01
LEVEL_SHORT = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}


# LEVEL-01: offices write levels as digits, "四级、三级", "五级/初级工" or "高级工".
# Longest names first, so 高级技师 is not read as 高级 + 技师.
LEVEL_WORDS = [
    ("高级技师", "1"),
    ("技师", "2"),
    ("高级工", "3"),
    ("中级工", "4"),
    ("初级工", "5"),
    ("一", "1"),
    ("二", "2"),
    ("三", "3"),
    ("四", "4"),
    ("五", "5"),
]


def _level_digits(text: str) -> set[str]:
    text = str(text)
    for word, digit in LEVEL_WORDS:
        text = text.replace(word, digit)
    return {c for c in text if c.isdigit()}


def parse_levels(text: str) -> str:
    """'4、3、2、1' / '四级、三级' / '4321' -> '4321' (LEVEL-01 digits, highest number first)."""
    digits = _level_digits(text)
    if not digits or not digits <= set("12345"):
        raise ValueError(f"级别“{text}”无效，应为1-5")
    return "".join(sorted(digits, reverse=True))


def parse_level(text: str) -> int:
    """One level: '3', '3级', '三级', '三级/高级工' or '高级工' -> 3 (LEVEL-01)."""
    levels = parse_levels(text)
    if len(levels) != 1:
        raise ValueError(f"级别“{text}”应为一个级别")
    return int(levels)


class Occupation(models.Model):
    """An entry of the 2022 national occupation classification (CAT-01); rank 4 is an occupation."""

    RANKS = [(1, "大类"), (2, "中类"), (3, "小类"), (4, "职业")]
    LEVEL_EVALUATION, LICENSING = "level", "licensing"
    KINDS = [(LEVEL_EVALUATION, "水平评价类"), (LICENSING, "准入类")]

    code = models.CharField("职业编码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    rank = models.PositiveSmallIntegerField("层级", choices=RANKS, default=4)
    kind = models.CharField("类别", max_length=10, choices=KINDS, default=LEVEL_EVALUATION)
    green = models.BooleanField("绿色职业(L)", default=False)
    digital = models.BooleanField("数字职业(S)", default=False)
    active = models.BooleanField("现行有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "职业"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_occupation(self) -> bool:
        return self.rank == 4


class JobType(models.Model):
    """工种/职业方向 of an occupation (CAT-02)."""

    occupation = models.ForeignKey(
        Occupation, verbose_name="职业", on_delete=models.CASCADE, related_name="job_types"
    )
    name = models.CharField("工种/职业方向", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "工种/职业方向"
        constraints = [models.UniqueConstraint(fields=["occupation", "name"], name="uniq_job_type")]
        ordering = ["occupation__code", "name"]

    def __str__(self) -> str:
        return f"{self.occupation.name}（{self.name}）"


class Standard(models.Model):
    """The national skill standard, or a filed evaluation specification (LEVEL-04, LEVEL-05)."""

    NATIONAL, SPECIFICATION = "national", "specification"
    KINDS = [(NATIONAL, "国家职业技能标准"), (SPECIFICATION, "评价规范")]

    occupation = models.ForeignKey(
        Occupation, verbose_name="职业", on_delete=models.CASCADE, related_name="standards"
    )
    job_type = models.ForeignKey(
        JobType,
        verbose_name="工种",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standards",
    )
    kind = models.CharField("类型", max_length=16, choices=KINDS, default=NATIONAL)
    title = models.CharField("名称", max_length=200)
    levels = models.CharField("设置的级别", max_length=5, help_text="如 54321")
    expert_count = models.PositiveSmallIntegerField("评审专家人数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "标准/评价规范"

    def __str__(self) -> str:
        return self.title

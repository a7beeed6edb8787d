"""Demo data for `make run`: a filed college with the Henan manual's sample scope, a sitting of
60 candidates imported through the real roster import, scores, and issued certificates.

Everything goes through the services, so the demo is also a smoke test of the whole path.
"""

import io
import random
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.certificates import services as certs
from skillcert.core.idnumbers import credit_check_char, resident_check_digit
from skillcert.core.xlsx import workbook
from skillcert.demo.archives import seed_archives
from skillcert.demo.evaluation import LOGINS as EVALUATION_LOGINS
from skillcert.demo.evaluation import seed_evaluation, seed_later_states
from skillcert.demo.filings import LOGINS as FILING_LOGINS
from skillcert.demo.filings import filings_ready
from skillcert.demo.incidents import incidents_demo
from skillcert.demo.panel import panel_ready
from skillcert.demo.room import pledges_ready, room_record_ready
from skillcert.demo.sittings import plan_awaiting, results_sent
from skillcert.demo.supervision import supervision_demo
from skillcert.institutions import services as inst
from skillcert.institutions.models import Authority, AuthorityStaff, Institution, Membership
from skillcert.people.services import person_find
from skillcert.plans.models import Registration
from skillcert.plans.plan.late import (
    announcement_is_late,
    announcement_late_decide,
    announcement_late_request,
)
from skillcert.plans.plan.services import announcement_publish, announcement_save
from skillcert.plans.roster.services import roster_import_create
from skillcert.plans.services import sitting_create
from skillcert.scoring.services import ScoreInput, results_notify, results_set

PASSWORD = "skillcert-demo"
CREDIT_BODY = "12410100MB0000001"
CREDIT_CODE = CREDIT_BODY + credit_check_char(CREDIT_BODY)
# The sample scope of the Henan guidance manual (004, 认定范围清单).
SCOPE = [
    ("6-18-01-01", None, "5"),
    ("6-18-01-01", "数控车床", "4321"),
    ("6-18-01-01", "普通车床", "4321"),
    ("4-12-01-01", "汽车车身整形修复工", "54321"),
    ("4-12-01-01", "汽车电器维修工", "43"),
]
LOGINS = [
    ("admin", "superuser，管理后台 /admin/"),
    ("authority", "河南省人社厅：查看辖区机构，办理备案申请 /authority/filings/"),
    ("director", "机构负责人"),
    ("kaowu", "考务人员：批次、名册、成绩、证书"),
    ("examiner", "考评员兼考评组长：我的考评组 /panels/mine/，录入、签名、签署汇总"),
    ("examiner2", "考评员：同一考评组录入、签名"),
    ("examiner3", "考评员：同一考评组录入、签名"),
    ("checker", "成绩核对人：核对考评组成绩"),
    ("supervisor", "质量督导员：只读"),
    ("candidate", "考生：持有演示证书"),
    *FILING_LOGINS,
    *EVALUATION_LOGINS,
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "军",
    "涛",
    "明",
    "超",
    "霞",
    "平",
]


def demo_id(i: int) -> str:
    body = f"410102{2008 - i % 3}{(i % 12) + 1:02d}{(i % 27) + 1:02d}{i % 1000:03d}"
    return body + resident_check_digit(body)


def user(username: str, **extra):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    return user


def _catalog() -> dict:
    standards, job_types = {}, {}
    for code in {c for c, _, _ in SCOPE}:
        occ = Occupation.objects.get(code=code)
        standards[code], _ = Standard.objects.get_or_create(
            occupation=occ,
            job_type=None,
            kind=Standard.NATIONAL,
            defaults={"title": f"{occ.name}国家职业技能标准", "levels": "54321"},
        )
    for code, name, _ in SCOPE:
        if name:
            job_types[name], _ = JobType.objects.get_or_create(
                occupation=Occupation.objects.get(code=code), name=name
            )
    return {"standards": standards, "job_types": job_types}


def _institution(admin) -> Institution:
    authority, _ = Authority.objects.get_or_create(
        name="河南省人力资源和社会保障厅", region_code="410000"
    )
    AuthorityStaff.objects.get_or_create(user=user("authority"), defaults={"authority": authority})
    college = inst.institution_create(
        actor=admin,
        kind=Institution.COLLEGE,
        name="河南示范职业技术学院职业技能等级认定中心",
        credit_code=CREDIT_CODE,
        region_code="410100",
        short_name="示范学院认定中心",
        authority=authority,
        nature="public",
        supervising_dept="河南省教育厅",
        legal_rep="张明",
        contact_person="李华",
        phone="0371-60000000",
        email="rending@example.edu.cn",
        website="https://www.example.edu.cn",
        address="河南省郑州市中原区示范路1号",
        seal_text="河南示范职业技术学院",
    )
    college = inst.institution_file(
        actor=admin,
        institution=college,
        filed_on=date(2025, 3, 1),
        category="Y",
        org_code="0000",
        province="41",
        city="01",
        sequence="9001",
    )
    cat = _catalog()
    for code, job, levels in SCOPE:
        inst.scope_row_add(
            actor=admin,
            institution=college,
            occupation=Occupation.objects.get(code=code),
            job_type=cat["job_types"].get(job),
            levels=levels,
            standard=cat["standards"][code],
        )
    for username, role in [
        ("director", Membership.DIRECTOR),
        ("kaowu", Membership.EXAM_AFFAIRS),
        ("examiner", Membership.EXAMINER),
        ("supervisor", Membership.SUPERVISOR),
    ]:
        inst.membership_add(institution=college, user=user(username), role=role)
    return college


def roster_xlsx(count: int, *, first: int = 0) -> bytes:
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("名册")
    sheet.write_row(
        0,
        0,
        [
            "姓名",
            "证件类型",
            "证件号码",
            "手机号",
            "学历层次",
            "毕业年份",
            "1+X证书等级",
            "职称",
            "职称年限",
            "申报级别",
        ],
    )
    for row, i in enumerate(range(first, first + count)):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[i % len(GIVEN)]
        sheet.write_row(
            row + 1, 0, [name, "居民身份证", demo_id(i), f"138{i:08d}", "中职", 2026, "", "", "", 4]
        )
    book.close()
    return out.getvalue()


def _scores(sitting, kaowu) -> None:
    rnd = random.Random(2026)
    items = []
    for reg in Registration.objects.filter(sitting=sitting).order_by("id"):
        absent = rnd.random() < 0.04
        theory = Decimal(rnd.randint(48, 98))
        practical = Decimal(rnd.randint(52, 97))
        items.append(ScoreInput(reg.pk, None if absent else theory, practical, absent, False))
    # The first sitting is shown finished: its scores are loaded by the demo itself (the
    # system, actor None), as that sitting has no staffing plan or panel in the demo, and
    # typed scores come only from the people a plan names (issue 16 item 28).
    results_set(actor=None, sitting=sitting, items=items)
    results_notify(actor=kaowu, sitting=sitting)  # SCORE-04: candidates see them from now on


def _registers(college, admin) -> None:
    """People registers and rooms for the second sitting: what a staffing plan draws from."""
    from skillcert.arrangement import services as arr
    from skillcert.people import services as ppl
    from skillcert.people.models import ExamStaff

    n = iter(range(500, 600))

    def who(name: str):
        return ppl.person_get_or_create(name=name, id_type="resident", id_number=demo_id(next(n)))

    repair = Occupation.objects.get(code="4-12-01-01")
    for i, name in enumerate(["赵建国", "钱卫东", "孙立新", "李志强"]):
        ppl.examiner_add(
            actor=admin,
            institution=college,
            person=who(name),
            grade="senior" if i == 0 else "examiner",
            occupations=[repair],
            skill_level=1 if i == 0 else 3,
            skill_occupation=repair,
            card_number=f"KP2025{i + 1:03d}",
            card_issued_on=date(2025, 3, 1),
            training_hours=56,
            assessment_passed=True,
            contract_start=date(2025, 3, 1),
            first_assessed_on=date(2021, 6, 1),
        )
    for i, (name, role) in enumerate(
        [
            ("周敏", ExamStaff.ARCHIVES),
            ("吴静", ExamStaff.INFORMATION),
            ("郑华", ExamStaff.ACCOUNTING),
        ]
    ):
        # PEOPLE-07: supervisors come from examiners or managers; these three are managers.
        manager = ppl.staff_add(actor=admin, institution=college, person=who(name), role=role)
        ppl.supervisor_add(
            actor=admin,
            institution=college,
            person=manager.person,
            kind="internal",
            assessment_since=date(2019, 9, 1),
            card_number=f"DD2025{i + 1:03d}",
            card_issued_on=date(2025, 3, 1),
        )
    roles = [
        ("王主任", ExamStaff.SITE_LEADER),
        ("冯老师", ExamStaff.EXAM_AFFAIRS),
        ("陈老师", ExamStaff.EXAM_AFFAIRS),
    ]
    roles += [(f"监考{i + 1}号", ExamStaff.PROCTOR) for i in range(8)]
    for name, role in roles:
        ppl.staff_add(actor=admin, institution=college, person=who(name), role=role)
    venue = arr.venue_create(
        actor=admin, institution=college, name="主校区考点", address="河南省郑州市中原区示范路1号"
    )
    for i in range(3):
        arr.room_create(
            actor=admin,
            venue=venue,
            number=101 + i,
            name=f"实训楼{101 + i}室",
            kind="theory",
            rows=5,
            columns=6,
            desk_spacing_cm=90,
        )


# A small own item bank for 车工（数控车床）四级 and a blueprint, so the item bank and paper
# assembly pages have something to show (EXAM-01: own items name their expert author).
_DEMO_ITEMS = [
    (
        "数控车床加工外圆时，主轴转速主要根据什么确定？",
        ["切削速度和工件直径", "刀具长度", "机床重量", "冷却液种类"],
        [0],
        "切削用量",
    ),
    ("G01 指令的含义是？", ["快速定位", "直线插补", "圆弧插补", "暂停"], [1], "数控编程"),
    (
        "车削螺纹时，主轴转速与进给的关系是？",
        ["无关", "主轴每转刀具移动一个导程", "进给越快越好", "由冷却决定"],
        [1],
        "螺纹加工",
    ),
    (
        "游标卡尺读数时，视线应当？",
        ["斜视刻线", "垂直于刻线", "远离刻线", "闭一只眼即可"],
        [1],
        "测量",
    ),
    (
        "操作车床时，下列哪项是正确的安全要求？",
        ["戴手套操作", "长发盘起戴工作帽", "用手清除切屑", "开机时测量工件"],
        [1],
        "安全文明生产",
    ),
    ("硬质合金刀具适合的切削速度一般比高速钢刀具？", ["低", "高", "相同", "无法比较"], [1], "刀具"),
]


def _item_bank(college, kaowu, cat) -> None:
    from skillcert.itembank import services as bank

    occupation = Occupation.objects.get(code="6-18-01-01")
    job_type = cat["job_types"]["数控车床"]
    for copy in range(4):  # 24 reviewed items over 6 knowledge points and 3 difficulties
        for n, (stem, options, answer, point) in enumerate(_DEMO_ITEMS):
            item = bank.item_create(
                actor=kaowu,
                institution=college,
                occupation=occupation,
                job_type=job_type,
                level=4,
                kind="single",
                stem=stem if copy == 0 else f"{stem}（变式{copy}）",
                options=options,
                answer=answer,
                knowledge_point=point,
                difficulty=1 + (n + copy) % 3,
                source="own",
                author="校内专家组",
            )
            bank.item_set_status(actor=kaowu, item=item, status="reviewed")
    bank.blueprint_create(
        actor=kaowu,
        institution=college,
        name="车工四级理论（示例）",
        occupation=occupation,
        job_type=job_type,
        level=4,
        sections={"single": {"count": 10, "points": "10"}},
    )


def _announcement(sitting, kaowu) -> None:
    """The second sitting's announcement, published on /announcements/ (PLAN-02). Its lead
    time has passed, so it goes the late path: a reason, the director's approval, audited."""
    announcement = announcement_save(
        actor=kaowu,
        sitting=sitting,
        title=f"关于开展{sitting.name}职业技能等级认定的公告",
        content="汽车维修工（汽车电器维修工）三级/高级工",
        method="理论知识考试（机考）与操作技能考核",
        registration_place="示范职业技术学院 实训楼一层 考务办公室",
        registration_period="即日起至考前15个工作日",
        registration_how="网上报名（本系统“报名”页面）或现场报名",
        conditions="本校在校生，毕业学年学生或毕业生；具体见《国家职业技能标准》",
        fees="按省人社厅核定标准收取",
        subjects="理论知识考试、操作技能考核",
        times_places="理论、实操考试时间与地点见准考证",
    )
    if announcement_is_late(announcement, timezone.localdate()):
        late = announcement_late_request(
            actor=kaowu, announcement=announcement, reason="演示数据：报名工作延后，公告补发"
        )
        announcement_late_decide(actor=user("director"), late=late, approve=True, reason="同意")
    announcement_publish(actor=kaowu, announcement=announcement)


@transaction.atomic
def seed(stdout=None) -> Institution:
    """Create the demo once; a second run finds it and changes nothing."""
    existing = Institution.objects.filter(credit_code=CREDIT_CODE).first()
    if existing:
        return existing
    admin = user("admin", is_staff=True, is_superuser=True)
    kaowu = user("kaowu")
    college = _institution(admin)
    cat = _catalog()
    sitting = sitting_create(
        actor=kaowu,
        institution=college,
        name="2026年第一批 车工（数控车床）四级",
        occupation=Occupation.objects.get(code="6-18-01-01"),
        job_type=cat["job_types"]["数控车床"],
        level=4,
        mode="process",
        theory_on=date(2026, 6, 13),
        practical_on=date(2026, 6, 14),
    )
    upload = SimpleUploadedFile("demo-roster.xlsx", roster_xlsx(60))
    roster_import_create(actor=kaowu, sitting=sitting, uploaded_file=upload)
    _scores(sitting, kaowu)
    register = certs.issue_register_create(actor=kaowu, sitting=sitting)
    certs.issue_register_review(actor=user("director"), register=register)
    certs.issue_register_issue(actor=kaowu, register=register)  # dated today (item 24)
    seed_archives(sitting, kaowu, user("director"))  # records: equipment, handover, archive
    second = sitting_create(
        actor=kaowu,
        institution=college,
        name="2026年第二批 汽车维修工（汽车电器维修工）三级",
        occupation=Occupation.objects.get(code="4-12-01-01"),
        job_type=cat["job_types"]["汽车电器维修工"],
        level=3,
        mode="process",
        theory_on=date(2026, 12, 12),
        practical_on=date(2026, 12, 13),
    )
    _announcement(second, kaowu)
    results_sent(sitting, kaowu)  # INST-14: results and pass list to the authority
    _registers(college, admin)
    pledges_ready(college, kaowu)  # EXAM-12: before kaowu writes the demo items
    _item_bank(college, kaowu, cat)
    panel = panel_ready(college, kaowu)  # after the registers: the solver staffs it from them
    room_record_ready(college, kaowu, panel.sitting)  # REC-10: a filled room record
    plan_awaiting(second, kaowu, [demo_id(200 + k) for k in range(3)])  # INST-13 queue
    incidents_demo(college, kaowu, sitting)  # issue 12 part B: incident, video gap, complaint
    seed_evaluation(admin=admin, make_user=user, cat=cat)  # issue 11 B: evaluation, receipt
    seed_later_states(admin=admin, make_user=user, cat=cat)  # INST-02: the other states
    holder = person_find(id_type="resident", id_number=demo_id(0))
    if holder is not None:
        holder.user = user("candidate")
        holder.save(update_fields=["user"])
    filings_ready(user("authority"))  # issue 11: applications in draft, submitted, returned
    supervision_demo(user("authority"), college, kaowu, sitting)  # issue 11 D: checks, changes
    return college

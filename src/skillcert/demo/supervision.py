"""Demo rows of supervision and changes (issue 11 part D): a published random check with its
findings and a credit event (INST-09), an external supervisor sent to a sitting, the year's
annual inspection items (INST-10), a pending change application (INST-08); fast."""

from skillcert.filings.changes import services as changes
from skillcert.institutions.selectors import authority_of
from skillcert.supervision import services

# A one-page PDF (header and trailer: what the upload check reads).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ANNUAL_ITEMS = [
    ("1", "机构与制度建设", 20),
    ("2", "考评人员队伍管理", 20),
    ("3", "考务组织与考场管理", 30),
    ("4", "证书核发与档案管理", 20),
    ("5", "质量督导与投诉处理", 10),
]


def supervision_demo(authority_user, college, kaowu, sitting) -> None:
    authority = authority_of(authority_user)
    people = [
        services.inspector_add(actor=authority_user, authority=authority, name=n, unit=u)
        for n, u in (
            ("赵监察", "省职业技能鉴定指导中心"),
            ("钱督导", "省人社厅职业能力建设处"),
            ("孙检查", "郑州市人社局"),
        )
    ]
    draw = services.draw_make(
        actor=authority_user,
        authority=authority,
        title="2026年第四季度双随机抽查",
        institution_count=1,
        inspector_count=2,
        seed="demo-2026q4",
    )
    for target in draw.targets.all():
        services.finding_record(
            actor=authority_user,
            target=target,
            outcome="rectify",
            findings="第3考场视频监控有15分钟缺失；考务档案未按批次装订。限30日内整改。",
        )
    services.draw_publish(actor=authority_user, draw=draw)
    services.supervisor_send(
        actor=authority_user, authority=authority, sitting=sitting, inspector=people[1]
    )
    for code, title, points in ANNUAL_ITEMS:
        services.annual_item_save(
            actor=authority_user, year=2026, code=code, title=title, max_points=points
        )
    changes.change_submit(
        actor=kaowu,
        institution=college,
        kind="address",
        new_value="郑州市郑东新区龙子湖高校园区8号",
        reason="认定中心整体搬迁至新校区",
        documents={"basis": ("搬迁批复.pdf", PDF)},
    )

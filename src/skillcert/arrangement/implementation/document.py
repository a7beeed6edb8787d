"""The implementation plan (实施方案, INST-13) as a printable PDF: ReportLab with the CJK font
of core.pdf embedded, A4, the sections of 004 认定流程 (四): time, rooms, occupation, level
and numbers, proctors, examiners, supervisors and staff, and the candidate list (PLAN-11)."""

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.pdf import font_name, wrap

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 20 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm, 18 * mm


class _Writer:
    def __init__(self, fileobj, title: str):
        self.font = font_name()
        self.c = pdfcanvas.Canvas(
            fileobj, pagesize=A4, pageCompression=1, initialFontName=self.font, lang="zh-CN"
        )
        self.c.setTitle(title)
        self.c.setAuthor("skillcert")
        self.y = TOP

    def line(self, text: str, size: float = 10.5, indent: float = 0, gap: float = 1.5):
        for part in wrap(text, self.font, size, RIGHT - LEFT - indent) or [""]:
            if self.y < BOTTOM + size:
                self.c.showPage()
                self.y = TOP
            self.c.setFont(self.font, size)
            self.c.drawString(LEFT + indent, self.y - size, part)
            self.y -= size * gap

    def title(self, text: str):
        self.c.setFont(self.font, 18)
        self.c.drawCentredString(PAGE_W / 2, self.y - 18, text)
        self.y -= 36

    def heading(self, text: str):
        self.y -= 4
        self.line(text, size=13, gap=1.6)

    def save(self):
        self.c.showPage()
        self.c.save()


def render_plan(content: dict, fileobj, *, state: str = "", version: int | None = None) -> None:
    s, counts = content["sitting"], content["counts"]
    w = _Writer(fileobj, f"{s['name']} 实施方案")
    w.title("职业技能等级认定实施方案")
    head = f"{content['institution']['name']}　{s['name']}"
    if version:
        head += f"　第{version}版"
    if state:
        head += f"（{state}）"
    w.line(head, size=11)
    w.heading("一、认定时间")
    w.line(
        f"理论知识考试：{s['theory_on'] or '—'}；技能考核：{s['practical_on'] or '—'}", indent=12
    )
    if s.get("place"):
        w.line(f"考点：{s['place']}", indent=12)
    w.heading("二、认定职业（工种）、等级与人数")
    w.line(
        f"{s['subject']}（{s['occupation_code']}），{s['level_label']}，评价方式：{s['mode']}，"
        f"考生{counts['candidates']}人",
        indent=12,
    )
    w.heading("三、考场安排")
    for r in content["rooms"]:
        w.line(
            f"第{r['number']:03d}考场 {r['name']}（{r['kind']}，{r['capacity']}座）"
            f"考生{r['candidates']}人",
            indent=12,
        )
    w.heading("四、考务人员安排")
    if not content["staff"]:
        w.line("尚未生成考务人员安排", indent=12)
    for x in content["staff"]:
        where = f" 第{x['room']:03d}考场" if x["room"] else ""
        lead = "（组长）" if x["leader"] else ""
        w.line(f"{x['role_name']}{lead}：{x['name']}{where}", indent=12)
    w.heading("五、考生名单")
    for n, cand in enumerate(content["candidates"], 1):
        w.line(
            f"{n}. {cand['name']}　{cand['id_masked']}　准考证号{cand['ticket_number']}"
            f"　第{cand['room']:03d}考场{cand['seat']:02d}号",
            size=9.5,
            indent=12,
        )
    if content.get("missing"):
        w.heading("六、缺项提示")
        for m in content["missing"]:
            w.line(m, indent=12)
    w.save()

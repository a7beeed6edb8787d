"""Archive sources of the records parts built beside the archives (REC-03): the room records
(REC-10), the supervision report (REC-06), the video index (REC-11), the incidents (REC-05)
and the paper return registers (EXAM-11). Loaded from RecordsConfig.ready with `builtin`."""

from ..incidents.selectors import incidents_of_sitting
from ..models import ArchiveItem, ReturnRegister, RoomRecord
from ..pdf import table_pdf
from ..room.pdf import room_record_pdf
from ..supervision_report.pdf import report_pdf
from ..supervision_report.selectors import report_of
from ..video.selectors import recordings_of_sitting
from .sources import Entry, archive_source, sitting_day

C = ArchiveItem


@archive_source("room_records", "考场情况记录表")
def _room_records(sitting):
    records = RoomRecord.objects.filter(sitting=sitting).select_related("room").order_by("pk")
    entries = []
    for record in records:

        def content(record=record):
            return f"room-record-{record.pk}.pdf", room_record_pdf(record)

        entries.append(
            Entry(
                f"room-record-{record.pk}",
                f"考场情况记录表：{record.room}",
                C.PAPER,
                sitting_day(sitting),
                paper=True,
                content=content,
            )
        )
    return entries


@archive_source("supervision_report", "质量督导报告")
def _supervision_report(sitting):
    report = report_of(sitting=sitting)
    if report is None:
        return []

    def content():
        return "supervision-report.pdf", report_pdf(report, issuer=sitting.institution.name)

    return [
        Entry(
            f"supervision-report-{report.pk}",
            "质量督导报告（督导组签字）",
            C.PAPER,
            sitting_day(sitting),
            paper=True,
            content=content,
        )
    ]


@archive_source("video", "视频监控录像索引")
def _video(sitting):
    recordings = list(recordings_of_sitting(sitting=sitting))
    if not recordings:
        return []

    def content():
        rows = [
            (
                str(r.room),
                str(r.station or ""),
                f"{r.starts_at:%Y-%m-%d %H:%M}",
                f"{r.ends_at:%H:%M}",
                r.reference or r.filename or "",
                f"{r.retain_until}",
            )
            for r in recordings
        ]
        pdf = table_pdf(
            title="视频监控录像索引",
            lines=(f"批次：{sitting}",),
            headers=("考场", "工位", "开始", "结束", "录像", "保存至"),
            rows=rows,
            widths=(10, 5, 10, 6, 20, 8),
        )
        return "video-index.pdf", pdf

    return [
        Entry(
            "video-index",
            f"视频监控录像索引（{len(recordings)}段）",
            C.VIDEO,
            sitting_day(sitting),
            content=content,
        )
    ]


@archive_source("incidents", "突发事件报告")
def _incidents(sitting):
    incidents = list(incidents_of_sitting(sitting=sitting))
    if not incidents:
        return []

    def content():
        rows = [
            (
                f"{i.occurred_at:%Y-%m-%d %H:%M}",
                i.get_severity_display(),
                i.description,
                i.get_status_display(),
            )
            for i in incidents
        ]
        pdf = table_pdf(
            title="突发事件报告",
            lines=(f"批次：{sitting}",),
            headers=("发生时间", "等级", "情况", "状态"),
            rows=rows,
            widths=(10, 6, 30, 6),
        )
        return "incidents.pdf", pdf

    return [
        Entry(
            "incidents",
            f"突发事件报告（{len(incidents)}起）",
            C.ELECTRONIC,
            sitting_day(sitting),
            content=content,
        )
    ]


@archive_source("return_registers", "试卷回收登记表")
def _return_registers(sitting):
    return [
        Entry(
            f"return-register-{g.pk}",
            f"试卷回收登记表：{g}",
            C.PAPER,
            sitting_day(sitting),
            paper=True,
        )
        for g in ReturnRegister.objects.filter(sitting=sitting).order_by("pk")
    ]

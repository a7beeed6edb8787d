"""Building a sitting's archive package (REC-03): a ZIP with an index PDF (每件档案的保管类别、
最早销毁日期、存放位置) and the files the sources render, sealed at rest (names inside)."""

import zipfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from skillcert.certificates.sealing import seal_stream
from skillcert.core.files import scratch

from ..models import ArchiveItem, ArchivePackage
from ..pdf import table_pdf
from .services import sitting_entries
from .sources import source_title


def index_pdf(sitting, items: list[ArchiveItem]) -> bytes:
    rows = [
        (
            str(n),
            source_title(i.source),
            i.title,
            i.get_retention_class_display(),
            i.dated_on.isoformat(),
            i.destroy_after.isoformat() if i.destroy_after else "永久",
            i.location,
        )
        for n, i in enumerate(items, 1)
    ]
    return table_pdf(
        title="认定批次档案目录",
        lines=(
            f"机构：{sitting.institution.name}",
            f"批次：{sitting}　生成日期：{timezone.localdate()}",
        ),
        headers=("序号", "类别", "档案名称", "保管类别", "形成日期", "最早销毁日期", "存放位置"),
        rows=rows,
        widths=(4, 14, 30, 8, 9, 10, 12),
    )


def package_render(*, job_id: int) -> ArchivePackage:
    """Run a queued package job: claim it, write index.pdf and each item's file, seal and
    store the ZIP; progress on the row with short UPDATEs the page polls."""
    job = ArchivePackage.objects.select_related("sitting__institution").get(pk=job_id)
    jobs = ArchivePackage.objects.filter(pk=job_id)
    items = list(ArchiveItem.objects.filter(sitting=job.sitting, status=ArchiveItem.KEPT))
    if not jobs.filter(status=ArchivePackage.QUEUED).update(
        status=ArchivePackage.RUNNING, total=len(items) + 1, done=0, error=""
    ):
        return job
    try:
        contents = {(key, e.ref): e.content for key, e in sitting_entries(job.sitting)}
        with scratch() as fileobj, scratch() as sealed:
            with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("index.pdf", index_pdf(job.sitting, items))
                jobs.update(done=1)
                for n, item in enumerate(items, 2):
                    content = contents.get((item.source, item.ref))
                    if content is not None:
                        name, data = content()
                        zf.writestr(f"{item.source}/{name}", data)
                    jobs.update(done=n)
            size = fileobj.tell()
            fileobj.seek(0)
            seal_stream(fileobj, sealed)
            sealed.seek(0)
            name = default_storage.save(
                f"records/archives/{job.institution_id}/sitting-{job.sitting_id}"
                f"-job-{job.pk}.zip.sealed",
                File(sealed),
            )
    except Exception as exc:
        jobs.update(status=ArchivePackage.FAILED, error=str(exc)[:300], finished_at=timezone.now())
        raise
    jobs.update(status=ArchivePackage.DONE, file=name, size=size, finished_at=timezone.now())
    return jobs.get()

"""10,000 certificates issued end to end (CERT-01..04, CERT-03): register, review and issue
(numbers), then the ZIP job writing one PDF per certificate, sealed to storage.

Baseline, same run: bench_pdf's bare page (same Kai font subset and vector QR, nothing else)
on a sample of the same certificates; the ZIP's pages/s is compared with it. The one-file
batch PDF on the same sample is printed too, to show what a file per certificate costs.
The ZIP job renders in a process per CPU for a large register while the baselines run in
one: its CPU figure includes the pool's processes, so the CPU ratio compares the work per
page and the wall ratio what the user waits for.
Set BENCH_CERT_N for a smaller run.
"""

import io
import os
import time

from bench.bench_pdf import _baseline
from bench.common import timed

N = int(os.environ.get("BENCH_CERT_N", "10000"))
SAMPLE = min(N, 1000)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the ZIP job's pool)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run() -> None:
    from skillcert.certificates import services
    from skillcert.certificates.models import Certificate, CertificateZipJob
    from skillcert.certificates.pdf import font_name, render_certificates
    from skillcert.certificates.selectors import certificates_for_pdf
    from skillcert.certificates.zips import zip_workers
    from tests import factories as f

    font_name()  # a one-off per process, not per job
    t: dict[str, float] = {}
    with timed(t, "setup"):
        institution = f.filed_institution("证书基准学院")
        sitting = f.sitting(institution, level=4)
        f.registrations_with_results(sitting, N)
    with timed(t, "register"):
        register = services.issue_register_create(actor=None, sitting=sitting)
    with timed(t, "review"):
        services.issue_register_review(actor=None, register=register)
    with timed(t, "issue"):
        certs = services.issue_register_issue(actor=None, register=register)  # dated today
    assert len(certs) == N
    cpu = _cpu()
    with timed(t, "zip"):
        # TASKS_BACKEND=immediate (bench/__main__.py): the task runs inline, as a worker would.
        job = services.zip_job_start(actor=None, register=register)
    zip_cpu = _cpu() - cpu
    job.refresh_from_db()
    assert job.status == CertificateZipJob.DONE and job.done == N, job.error

    sample = list(certificates_for_pdf(Certificate.objects.filter(register=register))[:SAMPLE])
    _baseline(sample[:5], io.BytesIO())
    started, cpu = time.perf_counter(), time.process_time()
    _baseline(sample, io.BytesIO())
    base_rate = SAMPLE / (time.perf_counter() - started)
    base_cpu_rate = SAMPLE / (time.process_time() - cpu)
    started, cpu = time.perf_counter(), time.process_time()
    render_certificates(sample, io.BytesIO())
    batch_rate = SAMPLE / (time.perf_counter() - started)
    batch_cpu_rate = SAMPLE / (time.process_time() - cpu)

    numbers = t["register"] + t["review"] + t["issue"]
    total = numbers + t["zip"]
    zip_rate = N / t["zip"]
    print(f"   setup (bulk candidates, not counted): {t['setup']:.1f} s")
    print(
        f"   register {t['register']:.2f} s + review {t['review']:.2f} s + issue (numbers, "
        f"audit) {t['issue']:.2f} s = {numbers:.2f} s ({N / numbers:.0f} certificates/s)"
    )
    print(
        f"   ZIP job: {N} PDFs, one per certificate, sealed: {t['zip']:.1f} s "
        f"= {zip_rate:.0f} pages/s, {job.size / 1024 / 1024:.0f} MiB "
        f"(CPU {zip_cpu:.1f} s = {N / zip_cpu:.0f} pages/s, pool included; "
        f"{zip_workers(N)} process(es) on {os.cpu_count()} CPUs)"
    )
    print(f"   total issued end to end: {total:.1f} s for {N} certificates")
    print(
        f"   baseline (bench_pdf bare page, {SAMPLE} of the same): {base_rate:.0f} pages/s "
        f"(CPU {base_cpu_rate:.0f}); one-file batch PDF: {batch_rate:.0f} pages/s "
        f"(CPU {batch_cpu_rate:.0f})"
    )
    # Wall-clock ratios move with other load on the machine; CPU-time ratios do not.
    print(
        f"   ratio ZIP/baseline: {zip_rate / base_rate:.2f} wall, "
        f"{N / zip_cpu / base_cpu_rate:.2f} CPU; ZIP/one-file batch: "
        f"{zip_rate / batch_rate:.2f} wall, {N / zip_cpu / batch_cpu_rate:.2f} CPU"
    )

"""Roster import of 50,000 valid rows against two raw baselines measured in the same run.

Target (issue 2): >= 5,000 rows/s, and within 3x of "reading the same file and bulk-inserting
the same rows raw" on PostgreSQL. Two readings of that are printed:
- floor: the same rows, as read, bulk-inserted into the same tables (persons, registrations)
  with the import's COPY path and committed, so the tables' unique indexes and deferred
  foreign-key checks count. This is the target's baseline.
- bare table: the cells COPY'd into a temporary table with no index or constraint (no WAL);
  a lower bound for what the hardware does, printed for comparison.

What users would pick instead (issue 14): the same file through django-import-export
(bench/import_export_roster.py: a ModelResource into the same tables, equivalent checks, its
bulk mode), into another sitting of the same database facing the same known persons, in the
same run. Goal: skillcert >= 5x import-export's rows/s, on SQLite and PostgreSQL.
"""

import io
import os
import time
from datetime import date, timedelta

import xlsxwriter
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook

from bench.common import timed
from skillcert.core import crypto
from skillcert.core.crypto import encrypt_bytes
from skillcert.core.idnumbers import parse_id, resident_check_digit
from skillcert.people.models import Person
from skillcert.people.services import person_build, persons_fields
from skillcert.plans.models import EXAM, Registration, RosterImport
from skillcert.plans.roster.format import COLUMNS
from skillcert.plans.roster.read import read_roster
from skillcert.plans.roster.services import roster_import_run
from skillcert.plans.roster.sql import insert_rows
from skillcert.plans.roster.write import _PERSON_COLUMNS, _REGISTRATION_COLUMNS
from skillcert.plans.services import sitting_create

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
TARGET_RATE, TARGET_RATIO = 5000, 3.0
GOAL_VS_IMPORT_EXPORT = 5.0
# import-export row by row (its documented default) on the file's first rows: ~10x slower.
IE_ROWS = min(ROWS, int(os.environ.get("BENCH_IMPORT_IE_ROWS", "5000")))


def _ids(count: int):
    """Distinct valid resident IDs: 1000 sequence numbers per birth date."""
    start = date(2003, 1, 1)
    for i in range(count):
        body = f"410102{(start + timedelta(days=i // 1000)):%Y%m%d}{i % 1000:03d}"
        yield body + resident_check_digit(body)


def _row(i: int, number: str) -> list:
    if i % 10 == 9:  # a tenth are staff with an intermediate title (PLAN-05, top level 2)
        return [f"教师{i}", "", number, f"139{i:08d}", "", "", "", "中级职称", "4", ""]
    school = "本科" if i % 3 else "高职"  # graduating-year students, top level 3 (PLAN-04)
    return [f"学生{i}", "居民身份证", number, f"138{i:08d}", school, "2025", "", "", "", "3"]


def roster_file(count: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": False, "constant_memory": True})
    sheet = book.add_worksheet("名册")
    sheet.write_row(0, 0, COLUMNS)
    for i, number in enumerate(_ids(count)):
        for c, value in enumerate(_row(i, number)):
            if value:
                sheet.write_string(i + 1, c, value)
    book.close()
    return buffer.getvalue()


def _baseline(data: bytes) -> float:
    """Read with calamine and insert the raw cells into a temporary table."""
    started = time.perf_counter()
    table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    rows = [[str(c) for c in r] for r in table[1:]]
    columns = ", ".join(f"c{i} text" for i in range(len(COLUMNS)))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_raw ({columns})")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_raw FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            marks = ", ".join("%s" for _ in COLUMNS)
            cursor.executemany(f"INSERT INTO bench_raw VALUES ({marks})", rows)
        connection.commit() if not connection.get_autocommit() else None
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return elapsed


def _floor(data: bytes, sitting) -> float:
    """Read + bulk insert of the same rows into the same tables (people_person,
    plans_registration) with the import's own COPY path, raw: the cells as read, no checks,
    no encryption, committed so that the tables' indexes and foreign-key checks count.
    This is the database's floor for these rows; the rows are removed afterwards, untimed."""
    started = time.perf_counter()
    table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    now = timezone.now()
    with transaction.atomic():
        people = [
            (r[0], "resident", r[2], f"raw:{r[2]}", r[2], "", None, r[3], "", None)
            for r in table[1:]
        ]
        ids = insert_rows(Person, _PERSON_COLUMNS, people, key="id_hash")
        regs = [
            (
                sitting.institution_id,
                sitting.pk,
                ids[p[3]],
                p[7],
                "",
                None,
                "",
                "",
                None,
                "",
                Registration.APPROVED,
                "",
                None,
                "",
                now,
                None,
                now,
            )
            for p in people
        ]
        insert_rows(Registration, _REGISTRATION_COLUMNS, regs, key="person_id")
    elapsed = time.perf_counter() - started
    Registration.objects.filter(sitting=sitting).delete()
    Person.objects.filter(id_hash__startswith="raw:").delete()
    return elapsed


def _sitting(job: str = "数控车床"):
    from tests import factories as f

    institution = f.filed_institution("压测学院")
    return sitting_create(
        actor=None,
        institution=institution,
        name="压测批次",
        occupation=f.occupation(),
        job_type=f.job_type(job),
        level=3,
        mode=EXAM,
        theory_on=date(2025, 6, 20),
    )


def _staff_certificates(sitting) -> int:
    """PLAN-06: staff above level 5 need the previous certificate (issue 16 item 4), so the
    tenth of rows that are staff are teachers on file holding a 四级 certificate, untimed;
    the import then checks bans and certificates of 5,000 known persons in its chunks."""
    from skillcert.certificates.models import Certificate, IssueRegister
    from tests import factories as f

    old = f.sitting(sitting.institution, level=4, name="压测旧批次")
    staff = [(i, n) for i, n in enumerate(_ids(ROWS)) if i % 10 == 9]
    people = [person_build(name=f"教师{i}", parsed=parse_id("resident", n)) for i, n in staff]
    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(id_hash__in=[p.id_hash for p in people]))
    Registration.objects.bulk_create(
        [Registration(institution=old.institution, sitting=old, person=p) for p in people]
    )
    regs = Registration.objects.filter(sitting=old).select_related("person")
    register = IssueRegister.objects.create(institution=old.institution, sitting=old)
    certs = [
        Certificate(
            number=f"Y000041019001244{k:06d}",
            institution=old.institution,
            register=register,
            registration=r,
            person=r.person,
            holder_name=r.person.name,
            id_type="resident",
            id_masked=r.person.id_masked,
            occupation_code=old.occupation.code,
            occupation_name=old.occupation.name,
            level=4,
            issuer_name=old.institution.name,
            issued_on=date(2024, 7, 1),
        )
        for k, r in enumerate(regs)
    ]
    Certificate.objects.bulk_create(certs)
    return len(certs)


def _parts(data: bytes, t: dict) -> None:
    """Where the time goes: reading, and encryption of every ID (PEOPLE-01)."""
    with timed(t, "read"):
        sheet = read_roster(data)
    parsed = [parse_id("resident", cells[2]) for _, cells in sheet.rows]
    with timed(t, "encrypt"):  # as the import does it: persons_fields per chunk
        persons_fields([("x", p, "", crypto.id_hash(p.id_type, p.number)) for p in parsed])


def run() -> None:
    t: dict[str, float] = {}
    with timed(t, "generate"):
        data = roster_file(ROWS)
    print(f"   file: {ROWS} rows, {len(data) / 1e6:.1f} MB, made in {t['generate']:.1f} s")
    sitting = _sitting()
    print(f"   staff on file with a 四级 certificate (PLAN-06): {_staff_certificates(sitting)}")
    imp = RosterImport(institution=sitting.institution, sitting=sitting, filename="bench.xlsx")
    # Stored sealed, as roster_import_create stores it; the timed run decrypts it.
    imp.file.save("bench.xlsx.sealed", ContentFile(encrypt_bytes(data)), save=False)
    imp.save()
    cpu, server = time.process_time(), _server_cpu()
    with timed(t, "import"):
        imp = roster_import_run(import_id=imp.pk)
    cpu, server = time.process_time() - cpu, _server_cpu() - server
    stored = Registration.objects.filter(roster_import=imp).count()
    if imp.status != RosterImport.DONE or stored != ROWS:
        raise SystemExit(f"import did not store every row: {imp.status} {stored} {imp.errors[:3]}")
    baseline = _baseline(data)
    floor = _floor(data, _sitting("普通车床"))
    _parts(data, t)
    rate, base_rate = ROWS / t["import"], ROWS / baseline
    ratio = t["import"] / baseline
    print(
        f"   import:   {t['import']:.2f} s = {rate:,.0f} rows/s, CPU {ROWS / cpu:,.0f} rows/s "
        f"(target >= {TARGET_RATE:,}) {'OK' if rate >= TARGET_RATE else 'SLOW'}{_server(server)}"
    )
    print(
        f"   baseline: {baseline:.2f} s = {base_rate:,.0f} rows/s "
        "(calamine + raw bulk insert into a bare temporary table)"
    )
    print(f"   ratio:    {ratio:.2f}x the bare-table baseline (no target: a lower bound only)")
    print(
        f"   floor:    {floor:.2f} s = {ROWS / floor:,.0f} rows/s (calamine + the same rows raw "
        f"into the same tables, indexes and FK checks included)"
    )
    floor_ratio = t["import"] / floor
    print(
        f"   ratio:    {floor_ratio:.2f}x the floor (target <= {TARGET_RATIO}x) "
        f"{'OK' if floor_ratio <= TARGET_RATIO else 'OVER'}"
    )
    print(
        f"   parts:    read {t['read']:.2f} s, encrypt+hash+mask of every ID "
        f"{t['encrypt']:.2f} s ({100 * t['encrypt'] / t['import']:.0f}% of the import)"
    )
    imp.file.delete(save=False)
    _versus_import_export(data, imp, rate, ROWS / cpu, ROWS / (cpu + server))


def _server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (a local server: its
    /proc entry), 0 elsewhere: the database's share of an import beside the process's."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _server(seconds: float) -> str:
    return f", PostgreSQL backend CPU {seconds:.2f} s" if connection.vendor == "postgresql" else ""


def _versus_import_export(data: bytes, imp, rate: float, cpu_rate: float, both: float) -> None:
    """django-import-export on the same file, each run after the previous rows are removed
    (untimed) so that it meets the same database: the staff on file, every student new.
    Tuned (bulk mode) on every row; row by row, the library's documented way, on IE_ROWS."""
    try:
        from bench.import_export_roster import import_roster
    except ImportError:
        print("   import-export: not installed (make bench installs the bench extra)")
        return
    runs = (
        (False, ROWS, "tuned: bulk mode, persons bulk-created once, no diff"),
        (True, IE_ROWS, "row by row: lookup, diff and save per row, as documented"),
    )
    Registration.objects.filter(roster_import=imp).delete()
    previous = None
    for row_by_row, rows, label in runs:
        if previous is not None:
            Registration.objects.filter(sitting=previous).delete()
        Person.objects.filter(registrations__isnull=True).delete()
        sitting = _sitting("普通车床")
        started, cpu, server = time.perf_counter(), time.process_time(), _server_cpu()
        result = import_roster(data, sitting, row_by_row=row_by_row, rows=rows)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        server = _server_cpu() - server
        previous = sitting
        stored = Registration.objects.filter(sitting=sitting).count()
        if stored != rows or result.has_errors() or result.has_validation_errors():
            bad = [r.validation_error for r in result.invalid_rows[:3]]
            errors = [e.error for e in result.base_errors[:1]]
            errors += [e.error for r in result.rows[:50] for e in r.errors][:1]
            raise SystemExit(f"import-export did not store every row: {stored} {bad} {errors}")
        ie_rate = rows / elapsed
        print(
            f"   import-export ({label}): {rows:,} rows in {elapsed:.2f} s = {ie_rate:,.0f} "
            f"rows/s, CPU {rows / cpu:,.0f} rows/s (ModelResource, equivalent checks, same "
            f"tables){_server(server)}"
        )
        # Wall-clock ratios move with other load on the machine; the CPU ratio (this
        # process: Python's share, not the database server's) much less.
        ratio = rate / ie_rate
        print(
            f"   ratio skillcert/import-export {'row by row' if row_by_row else 'tuned'}: "
            f"{ratio:.1f}x wall, {cpu_rate / (rows / cpu):.1f}x CPU"
            + (f", {both / (rows / (cpu + server)):.1f}x CPU with the database's" if server else "")
            + " (goal >= "
            f"{GOAL_VS_IMPORT_EXPORT:.0f}x) {'OK' if ratio >= GOAL_VS_IMPORT_EXPORT else 'SLOW'}"
        )

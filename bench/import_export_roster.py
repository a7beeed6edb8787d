"""The roster import as a Django site would write it with django-import-export (issue 14):
the same .xlsx read by import-export's XLSX format (tablib, openpyxl), a `ModelResource` for
Registration, into the same tables (people_person, plans_registration).

Validation equivalent to the file-level checks of plans/roster_check.py: name present and at
most 50 characters, ID type label, ID number parsed by the project's own parse_id (check
digit, division code, birth date: PEOPLE-01), phone, the code columns, school level or title,
year columns, the declared level against the sitting's; duplicates within the file, persons
already registered for the sitting, and an ID known under another name. Not done here (so
import-export does less than skillcert): eligibility (PLAN-04/05), bans (PLAN-09) and the
previous certificate (PLAN-06).

Two resources. `RosterResource`, tuned: import-export's documented fast path: `use_bulk` (bulk
inserts of 1,000), `skip_diff`, `force_init_instance` (no lookup per row), and the persons
checked and bulk-created once per file in `before_import` with one query per 1,000 rows for
the known ones, instead of a `ForeignKeyWidget` query and an insert per row; each new
Registration carries its person and sitting objects, so the row result's `str()` costs no
query (left alone, it cost two per row, 60% of the time). `RosterResourceRowByRow`: the way
the documentation writes a resource (a natural-key lookup, the diff and a save per row, the
person found or created per row). Each person's number is encrypted, hashed and masked by
people.services.person_fields, as skillcert does.
"""

import re

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX

from skillcert.catalog.models import parse_level
from skillcert.core import crypto
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import RESIDENT_ID, parse_id
from skillcert.core.normalize import normalize_phone
from skillcert.people.models import Person
from skillcert.people.services import person_fields
from skillcert.plans.models import Registration
from skillcert.plans.roster.format import (
    CLASS,
    GRAD_YEAR,
    ID_NUMBER,
    ID_TYPE,
    ID_TYPE_CODES,
    LEVEL,
    NAME,
    ONEX,
    ONEX_CODES,
    PHONE,
    SCHOOL,
    SCHOOL_CODES,
    TITLE,
    TITLE_CODES,
    TITLE_YEARS,
)

_PHONE = re.compile(r"^1\d{10}$")
CHUNK = 1000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RosterResource(resources.ModelResource):
    """Rows of the roster template into Registration; persons made in `before_import`."""

    person_id = fields.Field(attribute="person_id", column_name="person_id")
    phone = fields.Field(attribute="phone", column_name=PHONE)
    school_level = fields.Field(attribute="school_level", column_name="school_code")
    graduating_year = fields.Field(
        attribute="graduating_year", column_name=GRAD_YEAR, widget=widgets.IntegerWidget()
    )
    onex_level = fields.Field(attribute="onex_level", column_name="onex_code")
    staff_title = fields.Field(attribute="staff_title", column_name="title_code")
    title_years = fields.Field(
        attribute="title_years", column_name=TITLE_YEARS, widget=widgets.IntegerWidget()
    )
    class_name = fields.Field(attribute="class_name", column_name=CLASS)

    class Meta:
        model = Registration
        fields = (
            "person_id",
            "phone",
            "school_level",
            "graduating_year",
            "onex_level",
            "staff_title",
            "title_years",
            "class_name",
        )
        import_id_fields = ()
        use_bulk = True
        batch_size = CHUNK
        skip_diff = True
        force_init_instance = True

    def __init__(self, sitting):
        super().__init__()
        self.sitting = sitting
        self.row_errors: dict[int, dict[str, str]] = {}
        self.person_ids: dict[int, int] = {}
        self.people: dict[int, Person] = {}  # pk -> person, for the row results' repr

    # -- the checks, one row ------------------------------------------------------------------
    def _check(self, row: dict, seen: dict[str, int], n: int):
        """(errors by column, parsed id, hash) for one row; codes put back into `row`."""
        errors: dict[str, str] = {}
        name = _text(row.get(NAME))
        if not name:
            errors[NAME] = "姓名不能为空"
        elif len(name) > 50:
            errors[NAME] = "姓名超过50个字"
        label = _text(row.get(ID_TYPE))
        id_type = ID_TYPE_CODES.get(label) if label else RESIDENT_ID
        parsed = None
        if id_type is None:
            errors[ID_TYPE] = f"证件类型“{label}”无效"
        else:
            try:
                parsed = parse_id(id_type, _text(row.get(ID_NUMBER)))
            except DomainError as exc:
                errors[ID_NUMBER] = exc.message
        phone = normalize_phone(_text(row.get(PHONE)))
        if phone and not _PHONE.match(phone):
            errors[PHONE] = "手机号应为以1开头的11位数字"
        row[PHONE] = phone
        for column, codes, key in (
            (SCHOOL, SCHOOL_CODES, "school_code"),
            (ONEX, ONEX_CODES, "onex_code"),
            (TITLE, TITLE_CODES, "title_code"),
        ):
            value = _text(row.get(column))
            if value and value not in codes:
                errors[column] = f"{column}“{value}”无效"
            row[key] = codes.get(value, "")
        if not _text(row.get(SCHOOL)) and not _text(row.get(TITLE)):
            errors[SCHOOL] = "学历层次与职称至少填写一项"
        for column, low, high in ((GRAD_YEAR, 1950, 2100), (TITLE_YEARS, 0, 60)):
            value = _text(row.get(column))
            row[column] = value or None
            if value and not (value.isdigit() and low <= int(value) <= high):
                errors[column] = f"{column}“{value}”无效"
        level = _text(row.get(LEVEL))
        try:
            if level and parse_level(level) != self.sitting.level:
                errors[LEVEL] = "申报级别与本批次级别不一致"
        except ValueError:
            errors[LEVEL] = f"申报级别“{level}”无效"
        row[CLASS] = _text(row.get(CLASS))[:60]
        key = crypto.id_hash(parsed.id_type, parsed.number) if parsed else ""
        if key:
            first = seen.setdefault(key, n)
            if first != n:
                errors[ID_NUMBER] = f"证件号码与第{first + 2}行重复"
        return errors, parsed, key, name, phone

    # -- import-export's hooks ------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        """Check every row, then the known persons and registrations (a query per 1,000
        rows) and bulk-create the new persons; rows keep their errors for before_import_row."""
        headers = dataset.headers
        for extra in ("person_id", "school_code", "onex_code", "title_code"):
            if extra not in headers:
                dataset.append_col([None] * dataset.height, header=extra)
                headers = dataset.headers
        rows = [dict(zip(headers, r, strict=True)) for r in dataset]
        seen: dict[str, int] = {}
        checked = []
        for n, row in enumerate(rows):
            errors, parsed, key, name, phone = self._check(row, seen, n)
            if errors:
                self.row_errors[n] = errors
            else:
                checked.append((n, parsed, key, name, phone))
        new: list[Person] = []
        for start in range(0, len(checked), CHUNK):
            chunk = checked[start : start + CHUNK]
            known = {
                h: (pk, nm)
                for h, pk, nm in Person.objects.filter(
                    id_hash__in=[c[2] for c in chunk]
                ).values_list("id_hash", "id", "name")
            }
            registered = set(
                Registration.objects.filter(
                    sitting=self.sitting, person_id__in=[pk for pk, _ in known.values()]
                ).values_list("person_id", flat=True)
            )
            for n, parsed, key, name, phone in chunk:
                pk, known_name = known.get(key, (None, None))
                if pk is not None and known_name != name:
                    self.row_errors[n] = {NAME: "该证件号码已登记为其他姓名"}
                elif pk in registered:
                    self.row_errors[n] = {ID_NUMBER: "该考生已报名本批次"}
                elif pk is not None:
                    self.person_ids[n] = pk
                    self.people[pk] = Person(pk=pk, name=known_name)
                else:
                    new.append(
                        Person(**person_fields(name=name, parsed=parsed, phone=phone, id_hash=key))
                    )
                    self.person_ids[n] = key  # replaced by the pk below
        made = {p.id_hash: p.pk for p in Person.objects.bulk_create(new, batch_size=CHUNK)}
        if None in made.values():  # backends that do not return pks from bulk inserts
            made = dict(Person.objects.filter(id_hash__in=list(made)).values_list("id_hash", "id"))
        self.people.update((p.pk, p) for p in new)
        ids = {n: made.get(v, v) for n, v in self.person_ids.items()}
        for n in range(dataset.height):
            if n in ids:
                rows[n]["person_id"] = ids[n]
                dataset[n] = [rows[n][h] for h in headers]

    def before_import_row(self, row, **kwargs):
        n = kwargs["row_number"] - 1
        if n in self.row_errors:
            raise ValidationError(self.row_errors[n])

    def init_instance(self, row=None):
        # The related objects at hand, so the row result's str(registration) asks nothing
        # (import-export stores it per row; Django would fetch person and sitting for it).
        reg = Registration(
            institution_id=self.sitting.institution_id,
            sitting=self.sitting,
            status=Registration.APPROVED,
        )
        reg.person = self.people[row["person_id"]]
        return reg


class RosterResourceRowByRow(RosterResource):
    """The same resource the way import-export's documentation writes one: row by row, each
    row looked up by its natural key (sitting, person) before it is saved, with the diff
    kept; the person found or created in `before_import_row`. Same checks."""

    sitting_id = fields.Field(attribute="sitting_id", column_name="sitting_id")

    class Meta(RosterResource.Meta):
        fields = (*RosterResource.Meta.fields, "sitting_id")
        import_id_fields = ("sitting_id", "person_id")
        use_bulk = False
        skip_diff = False
        force_init_instance = False

    def before_import(self, dataset, **kwargs):
        for extra in ("person_id", "sitting_id", "school_code", "onex_code", "title_code"):
            if extra not in dataset.headers:
                dataset.append_col([None] * dataset.height, header=extra)
        self.seen: dict[str, int] = {}

    def before_import_row(self, row, **kwargs):
        n = kwargs["row_number"] - 1
        errors, parsed, key, name, phone = self._check(row, self.seen, n)
        person = Person.objects.filter(id_hash=key).first() if not errors else None
        if person is not None and person.name != name:
            errors[NAME] = "该证件号码已登记为其他姓名"
        elif person and Registration.objects.filter(sitting=self.sitting, person=person).exists():
            errors[ID_NUMBER] = "该考生已报名本批次"
        if errors:
            raise ValidationError(errors)
        if person is None:
            fields_ = person_fields(name=name, parsed=parsed, phone=phone, id_hash=key)
            person = Person.objects.create(**fields_)
        self.people[person.pk] = person
        row["person_id"], row["sitting_id"] = person.pk, self.sitting.pk


def import_roster(data: bytes, sitting, *, row_by_row: bool = False, rows: int | None = None):
    """Read the file with import-export's XLSX format and import it (its first `rows`
    data rows when given); the Result."""
    dataset = XLSX().create_dataset(data)
    if rows is not None:
        del dataset[rows:]
    resource = (RosterResourceRowByRow if row_by_row else RosterResource)(sitting)
    return resource.import_data(dataset, dry_run=False, use_transactions=True)

"""Venues, rooms, seat arrangements and admission tickets (ARR-01, ARR-02).

A room's seats are numbered 1..capacity, row by row, `columns` per row: seat k sits in
row (k-1)//columns + 1 and column (k-1)%columns + 1. A theory room is a grid of desks
(rows × columns); a computer room has `machines` and a practical room `stations` for one
occupation, both laid out `columns` to a row so neighbours are known the same way.
"""

from django.conf import settings
from django.db import models

from skillcert.catalog.models import Occupation
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting


class Venue(models.Model):
    """A site (考点) of an institution where rooms are."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField("考点名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考点"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A room (考场): theory room with a desk grid, computer room or practical room."""

    THEORY, COMPUTER, PRACTICAL = "theory", "computer", "practical"
    KINDS = [(THEORY, "理论考场"), (COMPUTER, "机房"), (PRACTICAL, "实操考场")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="rooms"
    )
    venue = models.ForeignKey(
        Venue, verbose_name="考点", on_delete=models.CASCADE, related_name="rooms"
    )
    number = models.PositiveSmallIntegerField(
        "考场号", help_text="本机构内唯一，1–999，写入准考证号（ARR-02）"
    )
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=KINDS, default=THEORY)
    rows = models.PositiveSmallIntegerField("排数", default=0)
    columns = models.PositiveSmallIntegerField("每排座位数", default=6)
    desk_spacing_cm = models.PositiveSmallIntegerField("桌距（厘米）", null=True, blank=True)
    machines = models.PositiveSmallIntegerField("机位数", default=0)
    stations = models.PositiveSmallIntegerField("工位数", default=0)
    occupation = models.ForeignKey(
        Occupation, verbose_name="实操职业", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = verbose_name_plural = "考场"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="uniq_room_number")
        ]

    def __str__(self) -> str:
        return f"{self.number:03d} {self.name}"

    @property
    def capacity(self) -> int:
        if self.kind == self.THEORY:
            return self.rows * self.columns
        return self.machines if self.kind == self.COMPUTER else self.stations

    @property
    def grid_rows(self) -> int:
        return -(-self.capacity // self.columns) if self.columns else 0

    def position(self, seat_no: int) -> tuple[int, int]:
        """(row, column), 1-based, of seat `seat_no`."""
        return (seat_no - 1) // self.columns + 1, (seat_no - 1) % self.columns + 1


class SeatArrangement(models.Model):
    """The current seat arrangement of a sitting; re-arranging replaces it."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="seat_arrangement"
    )
    seed = models.BigIntegerField("随机种子")
    rooms = models.ManyToManyField(Room, verbose_name="考场", related_name="+")
    candidates = models.PositiveIntegerField("考生数", default=0)
    adjacent_classmates = models.PositiveIntegerField("未能避免的同班相邻", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编排人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("编排时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "座位编排"

    def __str__(self) -> str:
        return f"{self.sitting} 座位编排"


class Seat(models.Model):
    """One candidate's seat and admission ticket number (准考证号, ARR-02)."""

    arrangement = models.ForeignKey(
        SeatArrangement, verbose_name="编排", on_delete=models.CASCADE, related_name="seats"
    )
    registration = models.OneToOneField(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="seat"
    )
    room = models.ForeignKey(Room, verbose_name="考场", on_delete=models.PROTECT, related_name="+")
    seat_no = models.PositiveSmallIntegerField("座位号")
    row = models.PositiveSmallIntegerField("排")
    col = models.PositiveSmallIntegerField("列")
    ticket_number = models.CharField("准考证号", max_length=15, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "座位"
        ordering = ["room__number", "seat_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "room", "seat_no"], name="uniq_seat_in_room"
            )
        ]

    def __str__(self) -> str:
        return self.ticket_number


# --- staffing of a sitting (ARR-03..09): the saved plan of the CP-SAT solver ----------------


class SittingStaffing(models.Model):
    """The current staffing plan of a sitting; generating again replaces it (ARR-03..08)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="staffing_plan"
    )
    seed = models.BigIntegerField("抽签随机种子")  # ARR-03: the lot is reproducible
    proven_optimal = models.BooleanField("已证明最优", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="安排人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("安排时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "人员安排"

    def __str__(self) -> str:
        return f"{self.sitting} 人员安排"


class StaffAssignment(models.Model):
    """One person's role in a sitting: site leader, supervisor, exam affairs, proctor of a
    room, or examiner of a panel (occupation and level), possibly its leader (ARR-05)."""

    SITE_LEADER, SUPERVISOR, EXAM_AFFAIRS = "site_leader", "internal_supervisor", "exam_affairs"
    PROCTOR, EXAMINER = "proctor", "examiner"
    ROLES = [
        (SITE_LEADER, "考点负责人"),
        (SUPERVISOR, "内部质量督导员"),
        (EXAM_AFFAIRS, "考务人员"),
        (PROCTOR, "监考员"),
        (EXAMINER, "考评员"),
    ]

    plan = models.ForeignKey(
        SittingStaffing,
        verbose_name="人员安排",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("角色", max_length=24, choices=ROLES)
    room = models.ForeignKey(
        Room,
        verbose_name="监考考场",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occupation = models.ForeignKey(
        Occupation,
        verbose_name="考评组职业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField("考评组级别", null=True, blank=True)
    leader = models.BooleanField("考评组长", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "人员安排明细"
        ordering = ["plan", "role", "room__number", "id"]
        constraints = [
            # ARR-07: one role per person and sitting.
            models.UniqueConstraint(fields=["plan", "person"], name="uniq_staff_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_role_display()}"


# The implementation plan (INST-13), re-check (PLAN-11), level approval (INST-16).
from .implementation.models import CandidateRecheck, ImplementationPlan, LevelApproval  # noqa: E402
from .ratings.models import ExaminerRating  # noqa: E402  (PEOPLE-11)

__all__ = [
    "CandidateRecheck",
    "ExaminerRating",
    "ImplementationPlan",
    "LevelApproval",
    "Room",
    "Seat",
    "SeatArrangement",
    "SittingStaffing",
    "StaffAssignment",
    "Venue",
]

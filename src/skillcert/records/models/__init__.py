"""Models of the records app, one module a part (room records, papers, incidents, video,
complaints, supervision report, equipment, hand-over, archives); each is imported here so
Django finds it. Add your part's line, nothing else."""

from .papers import DutyLog, ItemErrorReport, Pledge, ReturnRegister
from .room import RoomAttendance, RoomRecord, RoomViolation

__all__ = [
    "DutyLog",
    "ItemErrorReport",
    "Pledge",
    "ReturnRegister",
    "RoomAttendance",
    "RoomRecord",
    "RoomViolation",
]

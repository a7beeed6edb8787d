"""Models of the records app, one module a part (room records, papers, incidents, video,
complaints, supervision report, equipment, hand-over, archives); each is imported here so
Django finds it. Add your part's line, nothing else."""

from .archives import ArchiveAccess, ArchiveItem, ArchivePackage, DestructionRequest  # noqa: F401
from .complaints import Complaint, ComplaintEvidence, ComplaintNotice  # noqa: F401
from .equipment import Equipment, EquipmentEvent, EquipmentUse  # noqa: F401
from .handover import HandoverSignature, VoidNotice  # noqa: F401
from .incidents import Incident, IncidentStage  # noqa: F401
from .papers import DutyLog, ItemErrorReport, Pledge, ReturnRegister  # noqa: F401
from .room import RoomAttendance, RoomRecord, RoomViolation  # noqa: F401
from .supervision_report import SupervisionReport, SupervisionSignature  # noqa: F401
from .video import ExamPeriod, VideoRecording  # noqa: F401

from .archives import ArchiveAccess, ArchiveItem, ArchivePackage, DestructionRequest
from .equipment import Equipment, EquipmentEvent, EquipmentUse
from .handover import HandoverSignature, VoidNotice

__all__ = [
    "ArchiveAccess",
    "ArchiveItem",
    "ArchivePackage",
    "DestructionRequest",
    "Equipment",
    "EquipmentEvent",
    "EquipmentUse",
    "HandoverSignature",
    "VoidNotice",
]

"""Recording files (REC-11): the type read from the bytes (MP4/MOV, MPEG-TS, AVI, Matroska),
never the name; at most rules().video_upload_max_mb; sealed at rest (they show candidates).
Larger recordings stay on the NVR or object store and are indexed by reference."""

import re

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

ACCEPT = ".mp4,.mov,.ts,.avi,.mkv,video/*"
REFERENCE = re.compile(r"^(nvr|rtsp|s3|oss|cos|https?)://[^\s\x00]{3,490}$")


def video_kind(data: bytes) -> str | None:
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "video/mp4"
    if data[:4] == b"RIFF" and data[8:12] == b"AVI ":
        return "video/x-msvideo"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "video/x-matroska"
    if len(data) > 188 and data[0] == 0x47 and data[188] == 0x47:
        return "video/mp2t"
    return None


def video_check(name: str, data: bytes) -> str:
    limit = rules().video_upload_max_mb
    if not data:
        raise DomainError("video_empty", f"录像文件“{name}”为空", field="file")
    if len(data) > limit * 1024 * 1024:
        raise DomainError(
            "video_too_large",
            f"录像文件“{name}”超过{limit}MB，请保存在录像机或对象存储并登记其地址",
            field="file",
        )
    kind = video_kind(data)
    if kind is None:
        raise DomainError(
            "video_type", f"“{name}”不是MP4、TS、AVI或MKV录像文件", field="file", rule="REC-11"
        )
    return kind


def reference_check(value: str) -> str:
    value = (value or "").strip()
    if not REFERENCE.match(value):
        raise DomainError(
            "reference",
            "外部存储地址须以 nvr://、rtsp://、s3://、oss://、cos:// 或 http(s):// 开头",
            field="reference",
        )
    return value

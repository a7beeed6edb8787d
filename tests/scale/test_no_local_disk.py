"""Stateless processes (issue 15, docs/architecture.md "Scale"): no code path writes local
disk outside the storage API, so any web process or worker on any machine sees every file.
Checked from the source: the ways Python writes files, each allowed only where it is the
point (settings' development secrets under var/, the storage configuration, core.files'
scratch buffer, the backup command writing the operator's own file)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "skillcert"

FORBIDDEN = {
    "tempfile": re.compile(r"\btempfile\b"),
    "FileSystemStorage": re.compile(r"\bFileSystemStorage\b"),
    "MEDIA_ROOT": re.compile(r"\bMEDIA_ROOT\b"),
    "write_bytes/write_text": re.compile(r"\.write_(bytes|text)\("),
    "open(…, 'w')": re.compile(r"(?<![.\w])open\([^)]*['\"][wax]b?\+?['\"]"),
    "os/shutil file operations": re.compile(
        r"\b(os\.(makedirs|mkdir|remove|unlink|rename|replace)|shutil\.\w+)\("
    ),
    "FieldFile.path / storage.path": re.compile(r"\.(file|photo|storage)\.path\b|storage\.path\("),
    "a ZIP written to a named file": re.compile(r"ZipFile\((?!fileobj|io\.BytesIO)[^,)]+, ['\"]w"),
}

ALLOWED = {
    # development secrets made once under var/ (never with the env set) and STORAGE_URL
    "settings.py": {"FileSystemStorage", "MEDIA_ROOT", "write_bytes/write_text"},
    "core/files.py": {"tempfile"},  # the one scratch buffer (memory first, never named)
    "core/backup.py": {"a ZIP written to a named file"},  # `backup FILE.zip`: the operator's
}


def test_no_code_writes_local_disk_outside_the_storage_api():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            if what in ALLOWED.get(rel, set()):
                continue
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{rel}:{line}: {what}")
    assert found == [], "local disk outside the storage API:\n" + "\n".join(found)


def test_the_check_sees_what_it_forbids():
    samples = {
        "tempfile": "with tempfile.TemporaryFile() as t:",
        "open(…, 'w')": "with open(name, 'wb') as fh:",
        "FieldFile.path / storage.path": "p = imp.file.path",
        "os/shutil file operations": "os.makedirs(d)",
        "a ZIP written to a named file": 'zipfile.ZipFile(target, "w")',
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    assert not FORBIDDEN["open(…, 'w')"].search('default_storage.open(name, "wb")')

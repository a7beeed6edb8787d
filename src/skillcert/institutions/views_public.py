"""INST-12: the public directory of filed institutions and their scope (no login)."""

from django.shortcuts import render

from skillcert.catalog.models import LEVEL_SHORT
from skillcert.core.replica import replica_reads

from .selectors import directory


def levels_label(levels: str) -> str:
    """'4321' -> '四级、三级、二级、一级' as in the 认定范围清单."""
    return "、".join(LEVEL_SHORT[int(c)] for c in levels if c.isdigit() and int(c) in LEVEL_SHORT)


def safe_website(url: str) -> str:
    """Only http(s) links: an institution's own text must not become a javascript: link."""
    url = (url or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return url
    return f"http://{url}" if url and ":" not in url.split("/", 1)[0] else ""


@replica_reads
def directory_page(request):
    q = request.GET.get("q", "").strip()[:50]
    institutions = directory(q)
    entries = [
        {
            "institution": i,
            "website": safe_website(i.website),
            "rows": [{"row": r, "levels": levels_label(r.levels)} for r in i.scope_rows.all()],
        }
        for i in institutions.order_by("name")
    ]
    return render(request, "institutions/directory.html", {"entries": entries, "q": q})

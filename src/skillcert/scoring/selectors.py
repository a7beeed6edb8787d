from skillcert.plans.models import Registration


def score_sheet(sitting):
    """Approved registrations of a sitting with their results, in roster order."""
    return (
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
        .select_related("person", "result")
        .order_by("id")
    )


def sitting_summary(sitting) -> dict:
    rows = list(score_sheet(sitting))
    results = [getattr(r, "result", None) for r in rows]
    return {
        "candidates": len(rows),
        "scored": sum(1 for x in results if x is not None and x.passed is not None),
        "passed": sum(1 for x in results if x is not None and x.passed),
    }

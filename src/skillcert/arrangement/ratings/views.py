"""The 考评人员认定 form of a sitting's staffing page (PEOPLE-11). Like the whole plan (ARR-09)
it names the examiners, so it is for the director and exam-affairs staff (manage=True).
The staffing page shows the form; it posts here, and a refused row comes back here with
the error on that examiner's field."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from skillcert.core.web import form_submit
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from .forms import RatingsForm
from .selectors import held, last_day, served_rows
from .services import RatingInput, sitting_rate


def ratings_context(sitting, form: RatingsForm | None = None) -> dict:
    """What the staffing page and this page show of the 认定表."""
    rows = form.rows if form is not None else served_rows(sitting=sitting)
    return {
        "ratings_form": form or RatingsForm(rows=rows),
        "ratings_held": held(sitting),
        "ratings_last_day": last_day(sitting),
    }


@login_required
def ratings_page(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    form = RatingsForm(request.POST or None, rows=served_rows(sitting=sitting))

    def save(d):
        rows = [
            RatingInput(
                examiner=row.examiner,
                score=d[f"score_{row.examiner.pk}"],
                remark=d[f"remark_{row.examiner.pk}"],
            )
            for row in form.rows
        ]
        return sitting_rate(actor=request.user, sitting=sitting, rows=rows, reason=d["reason"])

    done = form_submit(
        request,
        form,
        save,
        success=lambda n: f"已保存考评人员认定表（{n}人）" if n else "认定表没有变化",
        then=("staffing_ratings", institution.pk, sitting.pk),
        show_rule=True,
    )
    if done:
        return done
    return render(
        request,
        "arrangement/ratings.html",
        {"institution": institution, "sitting": sitting, **ratings_context(sitting, form)},
    )

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.web import institution_for
from skillcert.plans.forms import SheetUploadForm
from skillcert.plans.web import sitting_get

from .selectors import score_sheet
from .services import ScoreInput, parse_score, results_set
from .sheets import SheetErrors, score_sheet_import, score_sheet_xlsx


def _form_items(post, registrations) -> tuple[list[ScoreInput], dict[int, list[str]]]:
    """Read the score form: one ScoreInput per row; errors keyed by registration id."""
    items, errors = [], {}
    for reg in registrations:
        values = {}
        for subject, label in (("theory", "理论成绩"), ("practical", "技能成绩")):
            absent = post.get(f"{subject}_absent_{reg.pk}") == "on"
            raw = "缺考" if absent else post.get(f"{subject}_{reg.pk}", "")
            try:
                values[subject] = parse_score(raw, field=label)
            except DomainError as exc:
                errors.setdefault(reg.pk, []).append(f"{label}：{exc.message}")
        if len(values) == 2:
            (t, ta), (p, pa) = values["theory"], values["practical"]
            items.append(ScoreInput(reg.pk, t, p, ta, pa))
    return items, errors


def _shown(result, subject: str) -> tuple[str, bool]:
    if result is None:
        return "", False
    absent = getattr(result, f"{subject}_absent")
    score = getattr(result, f"{subject}_score")
    if result.carried_subject == subject:
        return "", False  # SCORE-02: left empty, the carry fills it again on save
    return ("" if absent or score is None else str(score)), absent


def _row(reg, post, errors) -> dict:
    """What the form shows for one candidate: what was typed after a refused POST, else stored."""
    result = getattr(reg, "result", None)
    row = {"reg": reg, "result": result, "errors": errors.get(reg.pk, [])}
    for subject in ("theory", "practical"):  # SCORE-02: "沿用YYYY-MM-DD成绩 75.0"
        carried = result is not None and result.carried_subject == subject
        score = getattr(result, f"{subject}_score", None)
        row[f"{subject}_carried"] = f"{result.carried_label} {score}" if carried else ""
    for subject in ("theory", "practical"):
        if post is not None:
            row[subject] = post.get(f"{subject}_{reg.pk}", "")
            row[f"{subject}_absent"] = post.get(f"{subject}_absent_{reg.pk}") == "on"
        else:
            row[subject], row[f"{subject}_absent"] = _shown(result, subject)
    return row


@login_required
def score_sheet_page(request, iid, sid):
    institution = institution_for(request, iid, score=request.method == "POST")
    sitting = sitting_get(institution, sid)
    registrations = list(score_sheet(sitting))
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        items, errors = _form_items(request.POST, registrations)
        if not errors:
            try:
                changed = results_set(actor=request.user, sitting=sitting, items=items)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"成绩已保存（{len(changed)}人有变动）")
                return redirect("sitting_detail", institution.pk, sitting.pk)
        else:
            messages.error(
                request, f"{len(errors)}名考生的成绩有误，未保存任何成绩，请改正后再提交"
            )
    rows = [
        _row(reg, request.POST if request.method == "POST" else None, errors)
        for reg in registrations
    ]
    return render(
        request,
        "scoring/score_sheet.html",
        {
            "institution": institution,
            "sitting": sitting,
            "rows": rows,
            "post": request.POST,
            "upload_form": SheetUploadForm(),
        },
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def score_sheet_download(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    return xlsx_response(score_sheet_xlsx(sitting), f"scores-{sitting.pk}.xlsx")


@login_required
@require_POST
def score_sheet_upload(request, iid, sid):
    institution = institution_for(request, iid, score=True)
    sitting = sitting_get(institution, sid)
    form = SheetUploadForm(request.POST, request.FILES)
    sheet_errors = []
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            changed = score_sheet_import(
                actor=request.user, sitting=sitting, uploaded_file=form.cleaned_data["file"]
            )
        except SheetErrors as exc:
            messages.error(request, exc.message)
            sheet_errors = exc.errors
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"成绩表已导入（{changed}人有变动）")
            return redirect("sitting_detail", institution.pk, sitting.pk)
    return render(
        request,
        "scoring/sheet_errors.html",
        {"institution": institution, "sitting": sitting, "errors": sheet_errors},
    )

"""Item bank pages (EXAM-01, EXAM-03): the bank with its renewal table, one item and its
versions, import from and export to .xlsx. Exam-affairs pages (manage=True); another
institution's ids are a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillcert.core.errors import DomainError
from skillcert.core.web import bind, download, form_error, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for

from .. import item_import, selectors, services
from ..forms import ImportForm, ItemForm
from ..item_import import answer_from_text
from ..kinds import KIND_LABELS
from ..models import Item

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = ("occupation", "level", "kind", "status", "source", "q")


def _filters(request) -> dict:
    out = {}
    for key in FILTERS:
        value = request.GET.get(key, "").strip()[:100]
        if key in ("occupation", "level") and value and not value.isdigit():
            value = ""
        if value:
            out[key] = value
    return out


@login_required
def bank(request, iid):
    institution = institution_for(request, iid, manage=True)
    filters = _filters(request)
    items = selectors.items_of(institution=institution, **filters).order_by("-updated_at", "-id")
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    scope = {k: v for k, v in filters.items() if k in ("occupation", "level")}
    return render(
        request,
        "itembank/bank.html",
        {
            "institution": institution,
            "page": page,
            "filters": filters,
            "query": "&".join(f"{k}={v}" for k, v in filters.items()),
            "renewal": selectors.renewal_by_year(
                selectors.items_of(institution=institution, **scope)
            ),
            "kinds": KIND_LABELS.items(),
            "statuses": Item.STATUSES,
            "occupations": {i.occupation for i in page.object_list},
        },
    )


def _item_values(form) -> dict:
    data = form.cleaned_data
    kind = data["kind"]
    options = [o.strip() for o in data["options"].splitlines() if o.strip()]
    try:
        answer = answer_from_text(kind, data["answer"], max(2, len(options)))
    except ValueError as exc:
        raise DomainError("item_invalid", str(exc), field="answer") from None
    return {
        "occupation": data["occupation"],
        "job_type": data.get("job_type"),
        "level": data["level"],
        "kind": kind,
        "stem": data["stem"],
        "options": options,
        "answer": answer,
        "knowledge_point": data["knowledge_point"],
        "difficulty": data["difficulty"],
        "source": data["source"],
        "author": data.get("author", ""),
    }


@login_required
def item_new(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = bind(request, ItemForm, institution=institution)
    done = form_submit(
        request,
        form,
        lambda _: services.item_create(
            actor=request.user, institution=institution, **_item_values(form)
        ),
        success=lambda item: f"已添加试题 {item.pk}（草稿，审核后才能组卷）",
        then=lambda item: ("itembank_item", institution.pk, item.pk),
    )
    return done or render(
        request, "itembank/item.html", {"institution": institution, "form": form, "item": None}
    )


@login_required
def item_edit(request, iid, item_id):
    institution = institution_for(request, iid, manage=True)
    item = found_or_404(
        selectors.item_get(institution=institution, item_id=item_id), "未找到该试题"
    )
    form = bind(
        request,
        ItemForm,
        initial=ItemForm.initial_for(item),
        institution=institution,
        keep=item.occupation,
    )
    done = form_submit(
        request,
        form,
        lambda _: services.item_update(actor=request.user, item=item, **_item_values(form)),
        success=lambda saved: f"已保存，当前为第{saved.version}版",
        then=lambda saved: ("itembank_item", institution.pk, saved.pk),
    )
    return done or render(
        request,
        "itembank/item.html",
        {
            "institution": institution,
            "form": form,
            "item": item,
            "versions": selectors.versions_of(item),
        },
    )


@login_required
@require_POST
def item_status(request, iid, item_id):
    institution = institution_for(request, iid, manage=True)
    item = found_or_404(
        selectors.item_get(institution=institution, item_id=item_id), "未找到该试题"
    )
    with rule_messages(request):
        item = services.item_set_status(
            actor=request.user, item=item, status=request.POST.get("status", "")
        )
        messages.success(request, f"试题状态：{item.get_status_display()}")
    return redirect("itembank_item", institution.pk, item.pk)


@login_required
def item_import_page(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = item_import.items_import(
                actor=request.user,
                institution=institution,
                data=upload.read(),
                filename=upload.name,
            )
        except DomainError as exc:
            form_error(form, exc)
    return render(
        request,
        "itembank/import.html",
        {
            "institution": institution,
            "form": form,
            "report": report,
            "error_lines": item_import.errors_text(report) if report else [],
        },
    )


@login_required
def item_template(request, iid):
    institution_for(request, iid, manage=True)
    return download(item_import.template_xlsx(), XLSX, "题库导入模板.xlsx")


@login_required
def item_export(request, iid):
    institution = institution_for(request, iid, manage=True)
    items = selectors.items_of(institution=institution, **_filters(request)).order_by("id")
    return download(item_import.export_xlsx(items), XLSX, "题库导出.xlsx")

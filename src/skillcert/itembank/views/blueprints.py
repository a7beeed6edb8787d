"""Blueprints and assembly pages (EXAM-02): blueprints, assembling parallel forms from
one, and the paper set with its overlap table. Exam-affairs pages (manage=True)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for

from .. import assembly, selectors, services
from ..forms import AssembleForm, AttachSittingForm, BlueprintForm
from ..kinds import KIND_LABELS


@login_required
def blueprints(request, iid):
    institution = institution_for(request, iid, manage=True)
    form = bind(request, BlueprintForm, institution=institution)
    done = form_submit(
        request,
        form,
        lambda _: services.blueprint_create(
            actor=request.user, institution=institution, **form.blueprint_values()
        ),
        success=lambda bp: f"已创建蓝图“{bp.name}”",
        then=lambda bp: ("itembank_blueprint", institution.pk, bp.pk),
    )
    return done or render(
        request,
        "itembank/blueprints.html",
        {
            "institution": institution,
            "blueprints": selectors.blueprints_of(institution=institution),
            "paper_sets": selectors.paper_sets_of(institution=institution)[:50],
            "form": form,
        },
    )


@login_required
def blueprint_page(request, iid, bid):
    institution = institution_for(request, iid, manage=True)
    bp = found_or_404(selectors.blueprint_get(institution=institution, bp_id=bid), "未找到该蓝图")
    form = bind(request, AssembleForm, sittings=selectors.sittings_of(institution=institution))
    done = form_submit(
        request,
        form,
        lambda d: assembly.paper_set_assemble(
            actor=request.user,
            blueprint=bp,
            forms=d["n_forms"],
            seed=d.get("seed"),
            sitting=d.get("sitting"),
        ),
        success=lambda ps: f"已组卷 {ps.forms} 套并密封保管",
        then=lambda ps: ("itembank_paper_set", institution.pk, ps.pk),
    )
    return done or render(
        request,
        "itembank/blueprint.html",
        {
            "institution": institution,
            "bp": bp,
            "sections": [(KIND_LABELS[k], s["count"], s["points"]) for k, s in bp.sections.items()],
            "total": services.blueprint_total_points(bp),
            "available": assembly.bank_items(bp).count(),
            "source": assembly.source_for(bp),
            "form": form,
        },
    )


@login_required
def paper_set_page(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    ps = found_or_404(
        selectors.paper_set_get(institution=institution, set_id=sid), "未找到该组卷批次"
    )
    sittings = selectors.sittings_of(institution=institution)
    if request.method == "POST":
        form = AttachSittingForm(request.POST, sittings=sittings)
        if not form.is_valid():
            messages.error(request, form.errors["sitting"][0])
        else:
            sitting = form.cleaned_data["sitting"]
            with rule_messages(request):
                assembly.paper_set_attach_sitting(actor=request.user, paper_set=ps, sitting=sitting)
                messages.success(request, f"已指定批次“{sitting.name}”")
        return redirect("itembank_paper_set", institution.pk, ps.pk)
    papers = selectors.papers_of_set(ps)
    rows = [(p, ps.overlap[n] if n < len(ps.overlap) else []) for n, p in enumerate(papers)]
    return render(
        request,
        "itembank/paper_set.html",
        {
            "institution": institution,
            "ps": ps,
            "rows": rows,
            "limit_pct": round(100 * ps.max_overlap / ps.items_per_form)
            if ps.items_per_form
            else 0,
            "sittings": sittings,
        },
    )

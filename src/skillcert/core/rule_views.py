"""The rules page every cited rule ID links to (public: candidates read it too)."""

from django.shortcuts import render
from ninja import Router, Schema

from .errors import NotFound
from .rulebook import rule_get, rulebook


def rules_page(request):
    return render(request, "core/rules.html", {"sections": rulebook()})


router = Router(tags=["rules"])


class RuleOut(Schema):
    id: str
    text: str
    section: str


@router.get("/rules", response=list[RuleOut], auth=None, summary="规则目录（RULES.md）")
def rules_list(request):
    return [r for s in rulebook() for r in s.rules]


@router.get("/rules/{rule_id}", response=RuleOut, auth=None, summary="一条规则的原文")
def rule_detail(request, rule_id: str):
    rule = rule_get(rule_id)
    if rule is None:
        raise NotFound("未找到该规则")
    return rule

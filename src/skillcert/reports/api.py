"""API of reports (REC-08, CERT-08): the same figures and documents as the pages."""

from ninja import Router

router = Router(tags=["统计报告 reports"])

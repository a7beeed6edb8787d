"""URL conf for the plan tests: the site's URLs plus plans.plan_urls and plans.plan_api,
whether or not the lead has wired them yet (the first match wins, so wiring changes
nothing here). Used with `pytest.mark.urls("tests.plans.test_plan_urlconf")`."""

from django.urls import include, path
from ninja import NinjaAPI
from ninja.security import django_auth

from skillcert.api import api as site_api
from skillcert.plans.plan.api import router
from skillcert.urls import urlpatterns as site_urlpatterns

plan_api = NinjaAPI(title="plan tests", auth=django_auth, urls_namespace="plan_test_api")
plan_api._exception_handlers.update(site_api._exception_handlers)
plan_api.add_router("/", router)

urlpatterns = [
    path("", include("skillcert.plans.plan.urls")),
    path("api/", plan_api.urls),
    *site_urlpatterns,
]

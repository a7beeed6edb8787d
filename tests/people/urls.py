"""The site's URLs plus the people pages and API, until the lead mounts them for real."""

from django.urls import include, path
from ninja import NinjaAPI
from ninja.security import django_auth

from skillcert.api import api as site_api
from skillcert.people.api import router
from skillcert.urls import urlpatterns as site_urlpatterns

people_api = NinjaAPI(auth=django_auth, urls_namespace="people_test_api")
for _exc, _handler in site_api._exception_handlers.items():
    people_api.add_exception_handler(_exc, _handler)
people_api.add_router("/", router)

urlpatterns = [
    path("api/", people_api.urls),
    path("", include("skillcert.people.urls")),
    *site_urlpatterns,
]

"""Tenancy before anything else on an institution's pages (issue 16 "Proof")."""

from skillcert.core import tenancy

from .web import institution_for


class InstitutionPagesMiddleware:
    """Every `/i/<iid>/` page answers 404 to a signed-in user outside the institution before
    its view runs: a route that takes only POST (`require_POST`) answered an outsider's GET
    with 405, telling him the route exists, and a new view that forgets `institution_for`
    is still closed to outsiders. Anonymous users go on to `login_required` (login page);
    the API (`/api/`) keeps its own JSON 404.

    Each request also runs in a tenancy scope (core.tenancy): the institutions it resolves
    are the only ones whose rows it may load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with tenancy.request_scope():
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        page = "iid" in view_kwargs and request.path_info.startswith("/i/")
        if page and request.user.is_authenticated:
            institution_for(request, view_kwargs["iid"])  # Http404 outside
        return None

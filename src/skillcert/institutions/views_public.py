from django.shortcuts import render

from .selectors import directory


def directory_page(request):
    """INST-12: the public directory of filed institutions and their scope."""
    return render(request, "institutions/directory.html", {"institutions": directory()})

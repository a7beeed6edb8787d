from django.shortcuts import render


def verify_page(request):
    return render(request, "certificates/verify.html", {})

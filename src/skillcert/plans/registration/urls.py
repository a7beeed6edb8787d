from django.urls import path

from . import views as v

urlpatterns = [
    path("register/", v.register, name="registration_signup"),
    path("apply/<int:sitting_id>/", v.apply, name="registration_apply"),
    path("apply/<int:sitting_id>/check/", v.apply_check, name="registration_apply_check"),
    path("i/<int:iid>/sittings/<int:sid>/review/", v.review, name="registration_review"),
    path(
        "i/<int:iid>/sittings/<int:sid>/review/<int:rid>/photo.jpg",
        v.review_photo,
        name="registration_review_photo",
    ),
]

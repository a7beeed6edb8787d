from django.urls import reverse

from tests import factories as f

from .builders import registers_sample


def test_register_admin_pages_render_read_only_and_mask_ids_PEOPLE_01(client, institution):
    rows = registers_sample(institution)
    client.force_login(f.user("root", is_superuser=True, is_staff=True))
    for obj in rows.values():
        meta = obj._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        for page in (changelist, change):
            response = client.get(page)
            assert response.status_code == 200, page
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        assert client.get(add).status_code == 403, add
    html = client.get(reverse("admin:people_examiner_changelist")).content.decode()
    examiner_person = rows["examiner"].person
    assert examiner_person.id_masked in html and examiner_person.id_number not in html

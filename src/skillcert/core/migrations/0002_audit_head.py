from django.db import migrations


def create_head(apps, schema_editor):
    # The one row every audit append locks; made here so no two writers race to create it.
    apps.get_model("core", "AuditHead").objects.get_or_create(pk=1, defaults={"last_hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]

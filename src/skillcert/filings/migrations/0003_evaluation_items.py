"""INST-03: the rows of the 技术评估评分表 (004 第四部分 一), from filings/data/evaluation_items.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "evaluation_items.json"


def load(apps, schema_editor):
    Item = apps.get_model("filings", "EvaluationItem")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        Item.objects.update_or_create(order=row["order"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("filings", "0002_evaluation")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

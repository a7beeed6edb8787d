import csv
import io
from importlib import resources

from django.db import migrations


def load(apps, schema_editor):
    Occupation = apps.get_model("catalog", "Occupation")
    text = resources.files("skillcert.catalog").joinpath("data/occupations-2022.csv").read_text()
    by_code = {}
    for r in csv.DictReader(io.StringIO(text)):
        # A few codes stand twice (a minor category that is itself an occupation,
        # or a plain repeat): the deepest rank wins, as that is the assessable entry.
        if r["code"] not in by_code or int(r["level"]) > int(by_code[r["code"]]["level"]):
            by_code[r["code"]] = r
    Occupation.objects.bulk_create(
        [
            Occupation(code=r["code"], name=r["name"], rank=int(r["level"]),
                       green=r["green"] == "1", digital=r["digital"] == "1")
            for r in by_code.values()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Issue 16 item 13: the item bank template and export write formula-like text as text."""

from skillcert.itembank import item_import
from skillcert.itembank.models import Item
from tests.xlsx_text import EVIL, assert_written_as_text

from .helpers import items


def test_item_export_writes_a_formula_like_stem_and_author_as_text(institution):
    item = items(institution, 1)[0]
    Item.objects.filter(pk=item.pk).update(stem=EVIL, author="-1+1")
    data = item_import.export_xlsx(Item.objects.filter(pk=item.pk))
    assert_written_as_text(data, EVIL, "-1+1")


def test_item_template_writes_formula_like_text_as_text(monkeypatch):
    example = {**item_import._EXAMPLE, item_import.STEM: EVIL}
    monkeypatch.setattr(item_import, "_EXAMPLE", example)
    assert_written_as_text(item_import.template_xlsx(), EVIL)

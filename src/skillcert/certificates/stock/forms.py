"""Forms of the blank-stock pages (CERT-07); `certificates.forms.form_data` reads them."""

from django import forms

from .. import selectors
from ..forms import DateText, InstitutionForm, IntText, text


class StockReceiveForm(forms.Form):
    prefix = text()
    digits = IntText("印刷编号位数", required=False)
    first_serial = IntText("起始印刷编号")
    last_serial = IntText("终止印刷编号")
    counted = IntText("清点数量")
    received_on = DateText("入库日期")
    source = text()
    location = text()


class _StockMoveForm(InstitutionForm):
    on = DateText("日期", required=False)


class StockIssueForm(_StockMoveForm):
    number = text()
    first_serial = IntText("印刷编号")

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["certificate"] = self.found(
                selectors.certificate_get(institution=self.institution, number=data["number"]),
                "未找到该证书",
            )
        return data


class StockIssueRegisterForm(_StockMoveForm):
    register = IntText("名册")
    first_serial = IntText("起始印刷编号")

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["register"] = self.found(
                selectors.issue_register_get(
                    institution=self.institution, register_id=data["register"]
                ),
                "未找到该核发名册",
            )
        return data


class StockSpoilForm(_StockMoveForm):
    first_serial = IntText("起始印刷编号")
    last_serial = IntText("终止印刷编号", required=False)
    reason = text()


class StockDestroyForm(StockSpoilForm):
    witness_1 = text()
    witness_2 = text()


class StockCountForm(_StockMoveForm):
    counted = IntText("清点数量")
    note = text()


STOCK_MOVE_FORMS = {
    "issue": StockIssueForm,
    "issue_register": StockIssueRegisterForm,
    "spoil": StockSpoilForm,
    "destroy": StockDestroyForm,
    "count": StockCountForm,
}

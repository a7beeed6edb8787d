from django import forms

from skillcert.catalog.models import Occupation
from skillcert.institutions.selectors import scope_occupations

from .models import Room


class VenueForm(forms.Form):
    name = forms.CharField(label="考点名称", max_length=100)
    address = forms.CharField(label="地址", max_length=200, required=False)


class RoomForm(forms.Form):
    number = forms.IntegerField(label="考场号", min_value=1, max_value=999)
    name = forms.CharField(label="名称", max_length=60)
    kind = forms.ChoiceField(label="类型", choices=Room.KINDS)
    rows = forms.IntegerField(label="排数（理论考场）", min_value=0, required=False)
    columns = forms.IntegerField(label="每排座位数", min_value=1, initial=6)
    desk_spacing_cm = forms.IntegerField(
        label="桌距（厘米，理论考场）", min_value=0, required=False
    )
    machines = forms.IntegerField(label="机位数（机房）", min_value=0, required=False)
    stations = forms.IntegerField(label="工位数（实操考场）", min_value=0, required=False)
    occupation = forms.ModelChoiceField(
        label="实操职业", queryset=Occupation.objects.none(), required=False
    )

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institution is not None:
            self.fields["occupation"].queryset = scope_occupations(institution)

    @staticmethod
    def initial_for(room: Room) -> dict:
        return {
            "number": room.number,
            "name": room.name,
            "kind": room.kind,
            "rows": room.rows,
            "columns": room.columns,
            "desk_spacing_cm": room.desk_spacing_cm,
            "machines": room.machines,
            "stations": room.stations,
            "occupation": room.occupation_id,
        }

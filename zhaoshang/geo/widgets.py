"""A division picker as three linked selects (province → city → district) instead of 3,429 options."""

from django import forms

from zhaoshang.geo.models import Division, DivisionLevel


class DivisionWidget(forms.Widget):
    """Renders the chosen division's lineage; children are fetched from geo:children when a level changes.
    The submitted value is the deepest level chosen (a district, or a city, or a province)."""

    template_name = "geo/division_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = Division.objects.select_related("parent__parent").filter(pk=value).first() if value else None
        lineage = {level: None for level in DivisionLevel.values}
        node = chosen
        while node is not None:
            lineage[node.level] = node
            node = node.parent
        province, city = lineage["province"], lineage["city"]
        context["widget"].update({
            "provinces": Division.objects.filter(level=DivisionLevel.PROVINCE).only("pk", "code", "name"),
            "cities": Division.objects.filter(parent=province).only("pk", "code", "name") if province else [],
            "districts": Division.objects.filter(parent=city).only("pk", "code", "name") if city else [],
            "chosen": lineage,
        })
        return context

    def value_from_datadict(self, data, files, name):
        for level in ("district", "city", "province"):
            value = data.get(f"{name}_{level}")
            if value:
                return value
        return data.get(name) or None

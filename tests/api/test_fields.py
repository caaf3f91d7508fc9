from rest_framework import serializers

from api.fields import PlainDictField, PlainTextField


class Report(serializers.Serializer):
    text = PlainTextField()
    note = PlainTextField(required=False, allow_blank=True, default="")
    answers = PlainDictField(required=False, default=dict)


def test_it_cleans_bidi_controls_before_validating():
    report = Report(data={"text": "چاله \u202egpj.exe\u202c", "answers": {"q\u20661": ["\u202eبله"]}})
    assert report.is_valid(), report.errors
    assert report.validated_data == {"text": "چاله gpj.exe", "note": "", "answers": {"q1": ["بله"]}}


def test_it_counts_only_bidi_controls_as_blank():
    report = Report(data={"text": "\u202e\u2066\u2069"})
    assert not report.is_valid() and report.errors["text"][0].code == "blank"

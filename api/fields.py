"""Serializer fields for the text people send the API: bidirectional control characters are removed at the edge
(text.bidi), before validation, so what is stored and shown is what a reader sees."""

from rest_framework import serializers
from rest_framework.fields import empty

from text.bidi import strip_bidi_controls, strip_bidi_controls_deep


class PlainTextField(serializers.CharField):
    """A CharField without overrides, embeddings, isolates or idle direction marks (a blank check sees the
    cleaned value)."""

    def run_validation(self, data=empty):
        return super().run_validation(strip_bidi_controls(data))


class PlainDictField(serializers.DictField):
    """A DictField whose keys and string values (at any depth) are cleaned the same way."""

    def to_internal_value(self, data):
        return strip_bidi_controls_deep(super().to_internal_value(data))

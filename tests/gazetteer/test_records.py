"""Records: plain, frozen, validated data."""

from __future__ import annotations

import dataclasses

import pytest

from gazetteer.records import GazetteerRecord, record_label


def test_it_freezes_records():
    rec = GazetteerRecord(id="a", name="میدان ونک", kind="square", lon=51.41, lat=35.76)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.name = "x"  # type: ignore[misc]


def test_it_rejects_an_unknown_kind():
    with pytest.raises(ValueError):
        GazetteerRecord(id="a", name="x", kind="river", lon=51.4, lat=35.7)


def test_it_rejects_a_record_without_a_point():
    with pytest.raises(ValueError):
        GazetteerRecord(id="a", name="x", kind="square", lon=float("nan"), lat=35.7)


def test_it_builds_a_record_from_a_mapping_with_lists():
    rec = GazetteerRecord.from_mapping(
        {
            "id": "s1",
            "name": "خیابان ولیعصر",
            "kind": "street",
            "lon": 51.41,
            "lat": 35.72,
            "aliases": ["پهلوی"],
            "line": [[51.41, 35.70], [51.41, 35.74]],
            "ignored": "extra keys are ignored",
        }
    )
    assert rec.aliases == ("پهلوی",)
    assert rec.line == (((51.41, 35.70), (51.41, 35.74)),)
    assert rec.is_linear
    assert hash(rec)


def test_it_rejects_a_line_part_with_one_vertex():
    with pytest.raises(ValueError):
        GazetteerRecord(id="a", name="x", kind="street", lon=51.4, lat=35.7, line=(((51.4, 35.7),),))


def test_it_uses_the_group_as_the_street_key_of_a_segment():
    seg = GazetteerRecord(id="v-6", name="ولیعصر", kind="street", lon=51.4, lat=35.7, group_id="v")
    alone = GazetteerRecord(id="e", name="انقلاب", kind="street", lon=51.4, lat=35.7)
    assert (seg.street_key, alone.street_key) == ("v", "e")


def test_it_labels_a_record_with_its_type_word_once():
    assert record_label(GazetteerRecord(id="a", name="ولیعصر", kind="street", lon=51.4, lat=35.7)) == "خیابان ولیعصر"
    assert record_label(GazetteerRecord(id="b", name="خیابان ولیعصر", kind="street", lon=51.4, lat=35.7)) == (
        "خیابان ولیعصر"
    )
    assert record_label(GazetteerRecord(id="c", name="بن‌بست ۷", kind="alley", lon=51.4, lat=35.7)) == "بن‌بست ۷"
    assert record_label(
        GazetteerRecord(id="d", name="رجایی", kind="landmark", subkind="hospital", lon=51.4, lat=35.7)
    ) == "بیمارستان رجایی"

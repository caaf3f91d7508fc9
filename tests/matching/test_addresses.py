"""Address evidence for duplicate calls: the street part and the plaque as operators type them."""

import pytest

from matching.addresses import address_key, address_match


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("خ ولیعصر، ک ۱۲، پ ۳۴", "خیابان ولیعصر کوچه 12 پلاک ٣٤", "same"),     # abbreviations, three kinds of digits
    ("خيابان وليعصر پلاک ۳۴ واحد ۲", "خیابان ولیعصر پلاک ۳۴ طبقه ۵", "same"),  # one building, two flats
    ("952 EAST 58 STREET", "952 east 58 street", "same"),
    ("952 EAST 58 STREET", "954 EAST 58 STREET", "neighbour"),              # the building next door
    ("خیابان ولیعصر پلاک ۳۴", "خیابان ولیعصر پلاک ۳۶", "neighbour"),
    ("2485 65 STREET", "2480 65 STREET", "neighbour"),                      # a numbered street (NYC 311)
    ("61-43 229 STREET", "61-22 229 STREET", "neighbour"),                  # Queens' hyphenated house numbers
    ("19 BEDFORD STREET", "19 BEDFORD ST", "same"),
    ("6 AVENUE", "5 AVENUE", "different"),                                  # "6 AVENUE" is a street's name
    ("خیابان ولیعصر", "خیابان ولیعصر پلاک ۳۴", "street"),
    ("ولیعصر", "خیابان ولیعصر کوچه ۱۲", "street"),
    ("بلوار کشاورز", "خیابان ولیعصر", "different"),
    ("خیابان", "خیابان ولیعصر", "different"),                               # a way word alone names no street
    ("", "خیابان ولیعصر", "unknown"),
])
def test_it_tells_how_two_typed_addresses_relate(a, b, expected):
    assert address_match(a, b) == expected
    assert address_match(b, a) == expected


def test_it_reads_the_house_number_first_in_a_latin_address_and_the_plaque_word_in_a_persian_one():
    assert address_key("952 EAST 58 STREET").plaque == "952"
    assert address_key("خ آزادی پ ۱۲").plaque == "12"
    assert address_key("خیابان ۱۷ شهریور").plaque == ""  # a number in a street's name is not a plaque
    assert address_key("2485 65 STREET") == address_key("2485 65 st")
    assert address_key("2485 65 STREET").plaque == "2485"
    assert address_key("61-43 229 STREET").plaque == "61-43"
    assert address_key("6 AVENUE").plaque == ""


def test_it_knows_nothing_from_a_plaque_alone():
    assert address_match("پلاک ۱۲", "پلاک ۱۲") == "unknown"  # two plaques 12 on streets nobody named
    assert address_match("پلاک ۱۲", "خیابان آزادی پلاک ۱۲") == "unknown"

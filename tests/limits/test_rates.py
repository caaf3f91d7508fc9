import pytest

from limits.rates import Rate, rate_parse


@pytest.mark.parametrize("text,rate", [("10/m", Rate(10, 60)), ("5/h", Rate(5, 3600)), ("200/d", Rate(200, 86400)),
                                       ("30/90", Rate(30, 90)), ("60/15m", Rate(60, 900)), (" 3 / s ", Rate(3, 1))])
def test_it_reads_rates_as_settings_write_them(text, rate):
    assert rate_parse(text) == rate


@pytest.mark.parametrize("text", ["", "0", "off"])
def test_it_reads_an_empty_or_zero_rate_as_no_limit(text):
    assert rate_parse(text).off


@pytest.mark.parametrize("text", ["ten/m", "10", "10/week", "10/0", "-1/m"])
def test_it_refuses_a_rate_it_cannot_read(text):
    with pytest.raises(ValueError):
        rate_parse(text)

import pytest

from intake.phones import InvalidPhoneNumber, is_mobile, normalize_phone


@pytest.mark.parametrize(
    "raw",
    ["09121234567", "+989121234567", "00989121234567", "989121234567", "9121234567",
     "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧", "0912 123 4567", "0912-123-4567", "+98 (912) 123 45 67", "‎+۹۸۹۱۲۱۲۳۴۵۶۷"],
)
def test_it_normalises_every_way_a_mobile_number_is_written(raw):
    assert normalize_phone(raw) == "09121234567"


def test_it_keeps_landlines_with_their_area_code():
    assert normalize_phone("021-88776655") == "02188776655"
    assert normalize_phone("+98 21 8877 6655") == "02188776655"
    assert not is_mobile("02188776655")


@pytest.mark.parametrize("raw", ["", "hello", "0912123456", "091212345678", "+449121234567", "12345", "0012025550100"])
def test_it_rejects_what_is_not_an_iranian_number(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(raw)

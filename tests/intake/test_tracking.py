import random

from intake.tracking import is_valid_tracking_code, luhn_check_digit, new_tracking_code


def test_it_issues_nine_digit_codes_that_pass_their_check_digit():
    rng = random.Random(1)
    codes = {new_tracking_code(rng) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 9 and code.isdigit() and code[0] != "0" for code in codes)
    assert all(is_valid_tracking_code(code) for code in codes)


def test_it_catches_a_single_mistyped_digit_or_swapped_neighbours():
    code = "12345678" + luhn_check_digit("12345678")
    for position in range(9):
        for digit in "0123456789":
            if digit != code[position]:
                assert not is_valid_tracking_code(code[:position] + digit + code[position + 1:])
    swapped = code[:2] + code[3] + code[2] + code[4:]
    assert not is_valid_tracking_code(swapped)


def test_it_knows_the_luhn_reference_value():
    assert luhn_check_digit("7992739871") == "3"

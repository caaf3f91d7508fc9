"""The proof-of-work: a signed challenge, a counter found by brute force, checked once."""

import hashlib

from limits import pow as proof_of_work


def test_it_accepts_a_solution_with_enough_zero_bits_once():
    challenge = proof_of_work.challenge_issue(10)
    counter = proof_of_work.solve(challenge, 10)
    digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
    assert proof_of_work.leading_zero_bits(digest) >= 10
    assert proof_of_work.solution_check(challenge, counter, min_difficulty=10)
    assert not proof_of_work.solution_check(challenge, counter, min_difficulty=10)  # spent


def test_it_refuses_a_wrong_counter_and_an_easier_challenge_than_asked():
    challenge = proof_of_work.challenge_issue(12)
    wrong = next(str(n) for n in range(10**6)
                 if proof_of_work.leading_zero_bits(hashlib.sha256(f"{challenge}:{n}".encode()).digest()) < 12)
    assert not proof_of_work.solution_check(challenge, wrong, min_difficulty=12)
    easy = proof_of_work.challenge_issue(4)
    assert not proof_of_work.solution_check(easy, proof_of_work.solve(easy, 4), min_difficulty=12)


def test_it_refuses_an_unsigned_or_expired_challenge(settings):
    forged = "4.nonce"
    assert proof_of_work.challenge_difficulty(forged) is None
    settings.POW_MAX_AGE = -1
    assert proof_of_work.challenge_difficulty(proof_of_work.challenge_issue(4)) is None


def test_it_refuses_garbage_counters():
    challenge = proof_of_work.challenge_issue(1)
    for counter in ("", "abc", "1" * 25, "-5"):
        assert not proof_of_work.solution_check(challenge, counter, min_difficulty=1)


def test_it_counts_leading_zero_bits():
    assert proof_of_work.leading_zero_bits(b"\x00\x00\x80") == 16
    assert proof_of_work.leading_zero_bits(b"\x00\x01") == 15
    assert proof_of_work.leading_zero_bits(b"\xff") == 0

"""The clamd client (intake/scanning.py) against the real clamd that `make up` starts with its local signatures."""

import os
import socket
import threading

import pytest

from intake.scanning import ScannerUnavailable, clamd_ping, clamd_scan, verdict_parse
from tests.fixtures.uploads.corpus import EICAR, pdf_with_eicar


def test_it_finds_the_eicar_test_file_alone_and_inside_a_document(clamd):
    for data in (EICAR, pdf_with_eicar(), b"\x00" * 300_000 + EICAR + b"\x00" * 300_000):
        verdict = clamd_scan(data, address=clamd)
        assert verdict.infected and "Eicar" in verdict.signature


def test_it_passes_a_clean_file_streamed_in_many_chunks(clamd):
    verdict = clamd_scan(os.urandom(5 * 1024 * 1024), address=clamd)
    assert not verdict.infected and verdict.signature == ""


def test_it_answers_ping(clamd):
    assert clamd_ping(address=clamd)
    assert not clamd_ping(address="/nonexistent/clamd.sock")


def test_it_says_the_scanner_is_unavailable_when_nothing_listens(tmp_path):
    with pytest.raises(ScannerUnavailable):
        clamd_scan(EICAR, address=str(tmp_path / "clamd.sock"))
    with pytest.raises(ScannerUnavailable):
        clamd_scan(EICAR, address="tcp://127.0.0.1:1")


def test_it_says_the_scanner_is_unavailable_when_clamd_does_not_answer_in_time(tmp_path):
    path = str(tmp_path / "silent.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True)
    thread.start()
    try:
        with pytest.raises(ScannerUnavailable):
            clamd_scan(EICAR, address=path, timeout=0.3)
    finally:
        server.close()


@pytest.mark.parametrize(("answer", "infected", "signature"), [
    ("stream: OK", False, ""), ("stream: Win.Test.EICAR_HDB-1 FOUND", True, "Win.Test.EICAR_HDB-1"),
])
def test_it_reads_clamds_answers(answer, infected, signature):
    verdict = verdict_parse(answer)
    assert (verdict.infected, verdict.signature) == (infected, signature)


@pytest.mark.parametrize("answer", ["INSTREAM size limit exceeded. ERROR", "stream: Can't allocate memory ERROR", ""])
def test_it_counts_an_error_answer_as_no_verdict(answer):
    with pytest.raises(ScannerUnavailable):
        verdict_parse(answer)

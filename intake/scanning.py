"""A small clamd client (no Django): the INSTREAM command of ClamAV's daemon over a unix socket, or TCP when the
address is `tcp://host:port`. See clamd(8): each chunk is sent as a 4-byte big-endian length and its bytes, a zero
length ends the stream, the answer is `stream: OK`, `stream: <signature> FOUND` or `… ERROR`."""

import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not give a verdict (not running, timed out, refused the stream)."""


@dataclass(frozen=True)
class ScanVerdict:
    """What clamd said of one stream: clean, or infected with the named signature."""

    infected: bool
    signature: str = ""


def _connect(address: str, timeout: float) -> socket.socket:
    try:
        if address.startswith("tcp://"):
            parts = urlsplit(address)
            return socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 3310), timeout=timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return sock
    except OSError as error:
        raise ScannerUnavailable(f"clamd at {address}: {error}") from error


def _reply(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        data += part
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


def clamd_scan(data: bytes, *, address: str, timeout: float = 30.0) -> ScanVerdict:
    """Scan `data` with the clamd at `address`; ScannerUnavailable when it gives no verdict."""
    sock = _connect(address, timeout)
    try:
        sock.sendall(b"zINSTREAM\0")
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            chunk = view[start:start + CHUNK]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = _reply(sock)
    except OSError as error:
        raise ScannerUnavailable(f"clamd at {address}: {error}") from error
    finally:
        sock.close()
    return verdict_parse(answer)


def verdict_parse(answer: str) -> ScanVerdict:
    """clamd's answer to one INSTREAM as a verdict (ScannerUnavailable for an error or an unknown answer)."""
    _, _, result = answer.partition(": ")
    if result == "OK":
        return ScanVerdict(infected=False)
    if result.endswith(" FOUND"):
        return ScanVerdict(infected=True, signature=result.removesuffix(" FOUND").strip()[:200])
    raise ScannerUnavailable(f"clamd answered {answer[:200]!r}")


def clamd_ping(*, address: str, timeout: float = 2.0) -> bool:
    """True when the clamd at `address` answers PING."""
    try:
        sock = _connect(address, timeout)
    except ScannerUnavailable:
        return False
    try:
        sock.sendall(b"zPING\0")
        return _reply(sock) == "PONG"
    except OSError:
        return False
    finally:
        sock.close()

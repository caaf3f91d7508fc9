"""Requests that come through a reverse proxy: forwarding headers are believed only from TRUSTED_PROXIES.

Behind a TLS-terminating proxy (nginx, a load balancer) Django learns that the browser used HTTPS from
`X-Forwarded-Proto` (SECURE_PROXY_SSL_HEADER) and who the browser is from `X-Forwarded-For`. Anyone can send
those headers, so `TrustedProxyMiddleware`, the first middleware, removes every forwarding header from a request
whose peer address is not one of the configured proxies, and for a request from one of them puts the client's own
address (the last one in X-Forwarded-For that is not a proxy) in REMOTE_ADDR, keeping the proxy's address in
PROXY_ADDR. Everything after it (sessions, rate limits, /healthz, logs) reads REMOTE_ADDR and sees the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SSL", "HTTP_X_FORWARDED_PROTOCOL", "HTTP_X_FORWARDED_SCHEME", "HTTP_X_REAL_IP",
    "HTTP_X_CLIENT_IP", "HTTP_FORWARDED", "HTTP_X_URL_SCHEME",
)
# set when REMOTE_ADDR may be a relay rather than the client: forwarding headers came from an address that is not
# a trusted proxy (a proxy nobody configured?), or a trusted proxy named no client
CLIENT_UNKNOWN = "civic.client_unknown"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Addresses and networks (`10.0.0.5`, `172.18.0.0/16`, `::1`) as networks; a bad entry fails loudly."""
    found = []
    for entry in entries:
        try:
            found.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"not an IP address or network: {entry!r}") from exc
    return tuple(found)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def address_in(value: str, entries) -> bool:
    """Whether the address `value` lies in one of `entries` (addresses or networks)."""
    address = _address(value or "")
    return address is not None and any(address in network for network in networks(tuple(entries)))


def forwarded_client(forwarded_for: str, proxies) -> str | None:
    """The client in an X-Forwarded-For chain: the last hop that is not a trusted proxy (each proxy appends the
    address it saw, so everything left of the first untrusted hop, counting from the right, is the client's
    word); None when the chain holds no valid address."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _address(hop) is None:
            return None
        if not address_in(hop, proxies):
            return str(_address(hop))
    return str(_address(hops[0])) if hops else None


def request_is_local(request) -> bool:
    """A request made on this machine itself (loopback), not relayed from elsewhere by a proxy."""
    address = _address(request.META.get("REMOTE_ADDR", ""))
    return bool(address is not None and address.is_loopback and not request.META.get(CLIENT_UNKNOWN))


class TrustedProxyMiddleware:
    """Believe forwarding headers (X-Forwarded-Proto, X-Forwarded-For, …) only from settings.TRUSTED_PROXIES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        proxies = tuple(settings.TRUSTED_PROXIES)
        peer = meta.get("REMOTE_ADDR", "")
        if proxies and address_in(peer, proxies):
            client = forwarded_client(meta.get("HTTP_X_FORWARDED_FOR", ""), proxies)
            if client:
                meta["PROXY_ADDR"], meta["REMOTE_ADDR"] = peer, client
            else:
                meta[CLIENT_UNKNOWN] = True
        else:
            dropped = [name for name in FORWARDING_HEADERS if name in meta]
            for name in dropped:
                del meta[name]
            if dropped:
                meta[CLIENT_UNKNOWN] = True
        return self.get_response(request)

"""Whom a limit counts: the client's address (REMOTE_ADDR; behind a proxy the deployment's trusted-proxy handling
must put the real client there, never a header the client can set). IPv6 clients count by their /64 network, since
one subscriber holds a whole one."""

import ipaddress


def client_ip(request) -> str | None:
    """The client's address as the server saw it, None when unknown (AXES_CLIENT_IP_CALLABLE too)."""
    return (request.META.get("REMOTE_ADDR") or "").strip() or None


def client_key(request) -> str:
    """The address a limit counts by: the IPv4 address, or the /64 network of an IPv6 one."""
    ip = client_ip(request) or "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:64]
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)

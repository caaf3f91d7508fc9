"""The ground truth of a backtest, written apart from the detector (pure Python, no database).

A call is a *repeat* when an earlier call, still open at its time (created before it, not closed by then), has the
same complaint type and the same address (upper case, spaces collapsed). Those earlier calls are its true matches.
A call with an empty address is never a repeat and never anyone's true match."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from matching.backtest.importers import CallRecord


def normalise_address(address: str) -> str:
    return " ".join((address or "").upper().split())


def true_matches(calls: Sequence[CallRecord]) -> list[frozenset[int]]:
    """For each call (by position in `calls`), the positions of the earlier calls it repeats (empty: not a repeat)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, call in enumerate(calls):
        address = normalise_address(call.address)
        if address:
            groups[(call.complaint_type, address)].append(index)
    matches: list[frozenset[int]] = [frozenset()] * len(calls)
    for members in groups.values():
        for index in members:
            moment = calls[index].created_at
            matches[index] = frozenset(
                other for other in members
                if calls[other].created_at < moment
                and (calls[other].closed_at is None or calls[other].closed_at > moment))
    return matches


def repeat_count(matches: Sequence[frozenset[int]]) -> int:
    return sum(1 for found in matches if found)

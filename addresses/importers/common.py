"""Pieces every importer shares: GDAL feature iteration, the report, the progress bar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.gis.gdal import DataSource, GDALException
from django.contrib.gis.gdal.feature import Feature
from django.contrib.gis.gdal.layer import Layer
from django.contrib.gis.gdal.prototypes import ds as capi
from tqdm import tqdm


class ImportFailed(Exception):
    """The import was rolled back (strict mode with errors, or an unreadable file)."""


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append((where, message))
        self.counts["errors"] += 1

    def summary(self) -> str:
        parts = [f"{name}: {count}" for name, count in sorted(self.counts.items())]
        return ", ".join(parts) or "nothing imported"


def open_datasource(path) -> DataSource:
    try:
        return DataSource(str(path))
    except GDALException as error:
        raise ImportFailed(f"cannot open {path}: {error}") from error


def features(layer: Layer) -> Iterator[Feature]:
    """Every feature of the layer, also for drivers that do not know their count up front (OSM reports -1,
    and Django's own Layer iteration then yields nothing)."""
    capi.reset_reading(layer._ptr)
    while True:
        try:
            pointer = capi.get_next_feature(layer._ptr)
        except GDALException:
            return
        if not pointer:
            return
        yield Feature(pointer, layer)


def progress(iterable, *, total: int | None, desc: str, enabled: bool = True):
    return tqdm(iterable, total=total if total and total > 0 else None, desc=desc, unit=" rows",
                disable=not enabled, leave=False)

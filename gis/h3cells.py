"""H3 cells stored beside every request point (resolutions 7–10), as signed-safe bigints."""

import h3

RESOLUTIONS = (7, 8, 9, 10)


def h3_cell(lon: float, lat: float, resolution: int) -> int:
    """The H3 cell containing the point, as an integer (fits a PostgreSQL bigint: the top bit is 0)."""
    return h3.str_to_int(h3.latlng_to_cell(lat, lon, resolution))


def h3_cells(lon: float, lat: float) -> dict[int, int]:
    """Cells at every stored resolution, keyed by resolution."""
    finest = h3.latlng_to_cell(lat, lon, RESOLUTIONS[-1])
    cells = {RESOLUTIONS[-1]: h3.str_to_int(finest)}
    for resolution in RESOLUTIONS[:-1]:
        cells[resolution] = h3.str_to_int(h3.cell_to_parent(finest, resolution))
    return cells


def h3_cell_center(cell: int) -> tuple[float, float]:
    """(lon, lat) of a cell's centre."""
    lat, lon = h3.cell_to_latlng(h3.int_to_str(cell))
    return lon, lat

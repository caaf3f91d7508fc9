"""Persian text helpers shared by every layer: digits, letters, ZWNJ, normalisation. Pure Python, no Django."""

"""Backtest of duplicate detection: replay historical calls in time order into a separate database and score our
detector beside the simple rules (FixMyStreet's 250 m, a naive 50 m) against an address-based ground truth.

importers (CSV → CallRecord), truth (the ground truth), jitter (hand-placed pins), baselines (the rules' SQL),
replay (load + replay), metrics (the figures and the table). `manage.py duplicates_backtest` runs it."""

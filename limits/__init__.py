"""Abuse limits shared by every layer: rate limits on Redis (with a per-process fallback when Redis is down), the
client address they count by, 429 answers in Persian and English with Retry-After, and a small proof-of-work."""

"""Organization models arrive with the workflow issue; the built-in roles live in organization/roles.py."""

"""The schema history of the app that held intake before it had its own room (label ``requests_app``).

Its migrations created the tables intake's models still use (``requests_app_*``); its last migration hands the
models over to ``intake`` without touching the database. It has no models and no code: it is installed only so
that an existing database and a fresh one follow one migration graph."""

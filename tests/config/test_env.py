import pytest

from config.env import database_from_url, envbool, envint, load_dotenv


def test_it_reads_a_database_url_with_a_unix_socket_host():
    db = database_from_url("postgresql://civic:s%40cret@/civic137?host=/srv/app/var/run")
    assert db["ENGINE"] == "django.contrib.gis.db.backends.postgis"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"]) == ("civic137", "civic", "s@cret", "/srv/app/var/run")


def test_it_reads_a_tcp_database_url():
    db = database_from_url("postgres://u@127.0.0.1:5433/x?sslmode=require")
    assert (db["HOST"], db["PORT"], db["OPTIONS"]) == ("127.0.0.1", "5433", {"sslmode": "require"})


def test_it_refuses_a_database_url_that_is_not_postgresql():
    with pytest.raises(ValueError, match="postgresql"):
        database_from_url("mysql://u@h/db")


def test_it_parses_booleans_and_integers_and_names_the_bad_setting(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUM", "many")
    assert envbool("X_FLAG") is True
    assert envbool("X_MISSING", default=True) is True
    with pytest.raises(ValueError, match="X_NUM"):
        envint("X_NUM", 1)


def test_it_loads_dotenv_without_overriding_the_environment(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("# comment\nX_A=from-file\nX_B='quoted'\n", encoding="utf-8")
    monkeypatch.setenv("X_A", "from-env")
    monkeypatch.delenv("X_B", raising=False)
    load_dotenv(env)
    import os

    assert os.environ["X_A"] == "from-env"
    assert os.environ["X_B"] == "quoted"
    monkeypatch.delenv("X_B")

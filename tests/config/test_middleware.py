import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/cases/%00/", "/intake/caller/?q=%00", "/api/v1/addresses/suggest?q=a%00b"])
def test_it_refuses_nul_characters_with_a_bilingual_400(client, operator, url):
    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.json()["message_en"] and response.json()["message_fa"]


def test_it_refuses_nul_characters_in_a_json_body(client, operator):
    client.force_login(operator)
    response = client.post("/api/v1/requests/", data='{"text": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400


def test_it_lets_ordinary_persian_queries_through(client, operator):
    client.force_login(operator)
    response = client.get("/intake/caller/?q=۰۹۱۲۱۲۳۴۵۶۷")
    assert response.status_code == 200
    assert "NUL" not in response.content.decode()

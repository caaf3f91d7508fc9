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


# ---- Cache-Control: no-store for signed-in users


def test_it_forbids_caching_any_page_or_json_shown_to_a_signed_in_user(client, operator):
    client.force_login(operator)
    for url in ("/", "/intake/", "/api/v1/addresses/regions.geojson", "/intake/caller/?q=0912"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_it_forbids_caching_api_answers_to_a_token_client(operator):
    from rest_framework.test import APIClient

    from intake.tokens import api_token_create

    _token, key = api_token_create(user=operator, name="app")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/requests/screen-pop", {"phone": "09121234567"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"


def test_it_leaves_static_files_and_anonymous_pages_cacheable(client, operator):
    assert "no-store" not in client.get("/report/").get("Cache-Control", "")
    client.force_login(operator)
    static = client.get("/static/frontend_map/app.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_it_keeps_the_caching_of_what_a_view_marked_public():
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config.middleware import NoStoreForSignedInMiddleware

    class SignedIn(AnonymousUser):
        is_authenticated = True

    def view(cache_control):
        return lambda request: HttpResponse(headers={"Cache-Control": cache_control})

    request = RequestFactory().get("/tiles/basemap/1/0/0.pbf")
    request.user = SignedIn()
    kept = NoStoreForSignedInMiddleware(view("public, max-age=3600"))(request)
    assert kept["Cache-Control"] == "public, max-age=3600"
    private = NoStoreForSignedInMiddleware(view("private, max-age=86400"))(request)
    assert private["Cache-Control"] == "no-store"

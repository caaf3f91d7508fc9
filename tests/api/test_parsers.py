"""JSON bodies nested too deep are refused with a clear 400 in the API's error shape, before any parsing."""

import json

import pytest
from rest_framework.test import APIClient

from api.parsers import json_depth
from intake.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_it_measures_nesting_outside_strings():
    assert json_depth('{"a": [1, {"b": "[[[{{"}]}') == 3
    assert json_depth('"just a string with \\" and ["') == 0


def test_it_refuses_a_body_nested_a_thousand_deep_with_a_400_not_a_500(operator):
    client = APIClient()
    client.force_authenticate(operator)
    body = '{"category": "roads.pothole", "answers": ' + "[" * 1000 + "]" * 1000 + "}"
    response = client.generic("POST", "/api/v1/requests/", body, content_type="application/json")
    assert response.status_code == 400
    answer = response.json()
    assert "32" in json.dumps(answer, ensure_ascii=False) and answer.get("message")
    assert not ServiceRequest.objects.exists()


def test_it_still_reads_an_ordinary_nested_body(operator):
    client = APIClient()
    client.force_authenticate(operator)
    body = json.dumps({"category": "nothing.such", "answers": {"q": [[1, 2], [3]]}})
    response = client.generic("POST", "/api/v1/requests/", body, content_type="application/json")
    assert response.status_code == 400 and "category" in response.json().get("errors", {})  # read, then refused

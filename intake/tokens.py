"""API tokens for clients (mobile apps, partner systems): `Authorization: Token <key>`; only a hash is stored."""

import hashlib
import secrets

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from intake.models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token; the key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    return ApiToken.objects.create(user=user, name=name[:100], key_hash=_hash(key)), key


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key), is_active=True).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword

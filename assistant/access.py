"""Who may use the app and who may change its documents (README, "Security and reliability").

- On loopback (127.0.0.1, ::1, localhost) without a configured login the app is the machine
  user's own: asking, uploading and removing are open.
- With ``auth_username``/``auth_password`` set, the app asks for a login on every route (the page
  and the API alike) and only the logged-in user may upload or remove.
- Anywhere else a login is required; ``--no-auth`` opens the app without one but read-only:
  uploads and removals are refused by the handlers whatever route calls them.

Passwords are compared in constant time; the setting may hold a PBKDF2 hash instead of the
password itself (``python app.py --hash-password``)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.settings import Settings

WRITE_REFUSED = "Du må være logget inn for å laste opp eller fjerne dokumenter. Ingenting ble endret."
READ_ONLY = "Appen kjører uten innlogging (--no-auth): opplasting og fjerning er slått av. Ingenting ble endret."
_SCHEME = "pbkdf2_sha256"


def hash_password(password: str, salt: str | None = None, iterations: int = 240_000) -> str:
    """'pbkdf2_sha256$<iterations>$<salt>$<hex>' — a value for ASSISTANT_AUTH_PASSWORD."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"{_SCHEME}${iterations}${salt}${digest}"


def check_password(given: str, stored: str) -> bool:
    """Compare in constant time, against a PBKDF2 hash or a plain password."""
    if stored.startswith(_SCHEME + "$"):
        try:
            _, iterations, salt, _digest = stored.split("$", 3)
            again = hash_password(given, salt, int(iterations))
        except ValueError:
            return False
        return hmac.compare_digest(again.encode(), stored.encode())
    return hmac.compare_digest(given.encode(), stored.encode())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _same(a: str | None, b: str | None) -> bool:
    return hmac.compare_digest((a or "").encode(), (b or "").encode())


@dataclass(frozen=True)
class Access:
    """The rules of one running app."""

    username: str | None = None
    password: str | None = None  # plain or PBKDF2 hash
    writes_without_login: bool = True

    @property
    def login_required(self) -> bool:
        return bool(self.username and self.password)

    def login(self, username: str, password: str) -> bool:
        """The login check Gradio calls (both parts always compared)."""
        if not self.login_required:
            return False
        user_ok = _same(username, self.username)
        return check_password(password or "", self.password or "") and user_ok

    def refusal(self, username: str | None) -> str:
        """'' when a client logged in as ``username`` (None: not logged in) may upload or remove,
        else the Norwegian reason it may not."""
        if self.login_required:
            return "" if username and _same(username, self.username) else WRITE_REFUSED
        return "" if self.writes_without_login else READ_ONLY


def access_for(host: str, settings: Settings, no_auth: bool = False) -> Access:
    """The rules for serving on ``host``; AssistantError when a non-loopback host has no login and
    ``no_auth`` was not given."""
    if settings.auth_username and settings.auth_password:
        return Access(settings.auth_username, settings.auth_password)
    if settings.auth_username or settings.auth_password:
        raise AssistantError("Innloggingen er bare halvveis satt opp: sett både ASSISTANT_AUTH_USERNAME og "
                             "ASSISTANT_AUTH_PASSWORD.")
    if is_loopback(host):
        return Access()
    if no_auth:
        return Access(writes_without_login=False)
    raise AssistantError(
        f"Appen skal lytte på {host}, som andre maskiner kan nå, men ingen innlogging er satt opp. Sett "
        "ASSISTANT_AUTH_USERNAME og ASSISTANT_AUTH_PASSWORD (se `python app.py --hash-password`), eller start "
        "med --no-auth for en åpen app uten opplasting og fjerning.")

"""Where GitHub is (github.com or an Enterprise server) and which token to use.

The token comes from ``--token-file PATH``, else the file named by ``LADDER_GITHUB_TOKEN_FILE``,
else ``GITHUB_TOKEN``. It lives in a :class:`Token` whose ``repr`` and ``str`` never show it, so
an accidental log line or error message cannot leak it; only :attr:`Token.origin` (where it came
from) is ever shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ladder.errors import InputError

GITHUB_API = "https://api.github.com"
ENV_TOKEN = "GITHUB_TOKEN"
ENV_TOKEN_FILE = "LADDER_GITHUB_TOKEN_FILE"
ENV_API_URL = "GITHUB_API_URL"
ENV_BACKOFF_SCALE = "LADDER_HTTP_BACKOFF_SCALE"

NO_TOKEN_HINT = (
    "create a token at https://github.com/settings/tokens (classic: scope `repo`, or "
    "`public_repo` for public work only; fine-grained: read-only Pull requests, Issues and "
    "Metadata), then `export GITHUB_TOKEN=…` or save it in a file and pass --token-file PATH "
    f"(or set {ENV_TOKEN_FILE})"
)


@dataclass(frozen=True)
class Endpoints:
    """The two APIs of one GitHub: REST and GraphQL.

    Args:
        rest: The REST root (``https://api.github.com``, ``https://ghe.example/api/v3``).
        graphql: The GraphQL endpoint (``https://api.github.com/graphql``).
        host: The host (and port) — it keys the harvest cursor, so two servers never mix.
    """

    rest: str
    graphql: str
    host: str


def endpoints(base_url: str | None, env: Mapping[str, str]) -> Endpoints:
    """The REST and GraphQL URLs for ``base_url`` (else ``$GITHUB_API_URL``, else github.com).

    GitHub Enterprise Server serves REST at ``/api/v3`` and GraphQL at ``/api/graphql``; either
    ``https://ghe.example/api`` or ``https://ghe.example/api/v3`` may be given.

    Raises:
        InputError: The URL is not an http(s) URL.
    """
    raw = (base_url or env.get(ENV_API_URL) or GITHUB_API).strip().rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"--base-url {raw!r} is not an http(s) URL",
            hint="for GitHub Enterprise use https://HOST/api; for github.com leave it out",
        )
    if parts.username or parts.password:
        raise InputError("--base-url must not contain a user name or password; use GITHUB_TOKEN")
    if raw.endswith("/api/v3"):
        rest, graphql = raw, raw[: -len("/v3")] + "/graphql"
    elif raw.endswith("/api"):
        rest, graphql = raw + "/v3", raw + "/graphql"
    else:
        rest, graphql = raw, raw + "/graphql"
    return Endpoints(rest=rest, graphql=graphql, host=parts.netloc.lower())


@dataclass(frozen=True)
class Token:
    """A GitHub token and where it came from. Printing it shows only where it came from."""

    origin: str  # "GITHUB_TOKEN", "token file ~/.config/ladder/github-token"
    secret: str = field(repr=False)

    def __str__(self) -> str:
        return f"the token from {self.origin}"

    def redact(self, text: str) -> str:
        """``text`` with every copy of the token replaced by ``***``."""
        return text.replace(self.secret, "***") if self.secret else text


def _pretty(path: Path) -> str:
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def token_origin(
    env: Mapping[str, str], token_file: str | os.PathLike[str] | None = None
) -> str | None:
    """Where the token would come from (``GITHUB_TOKEN``, ``token file ~/…``), or None."""
    path = token_file or env.get(ENV_TOKEN_FILE)
    if path:
        return f"token file {_pretty(Path(path).expanduser())}"
    if env.get(ENV_TOKEN, "").strip():
        return ENV_TOKEN
    return None


def find_token(env: Mapping[str, str], token_file: str | os.PathLike[str] | None = None) -> Token:
    """The token: ``token_file``, else ``$LADDER_GITHUB_TOKEN_FILE``, else ``$GITHUB_TOKEN``.

    Raises:
        InputError: No token anywhere, or the token file is missing, unreadable or empty (the
            message names the file, never its content).
    """
    path = token_file or env.get(ENV_TOKEN_FILE)
    if path:
        file = Path(path).expanduser()
        origin = f"token file {_pretty(file)}"
        try:
            secret = file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise InputError(f"the GitHub {origin} does not exist", hint=NO_TOKEN_HINT) from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = (
                exc.strerror if isinstance(exc, OSError) and exc.strerror else "not readable text"
            )
            raise InputError(f"cannot read the GitHub {origin}: {reason}") from None
        if not secret:
            raise InputError(f"the GitHub {origin} is empty", hint=NO_TOKEN_HINT)
        return _checked(Token(origin=origin, secret=secret))
    secret = env.get(ENV_TOKEN, "").strip()
    if secret:
        return _checked(Token(origin=ENV_TOKEN, secret=secret))
    raise InputError(
        "no GitHub token: GITHUB_TOKEN is not set and no token file is given", hint=NO_TOKEN_HINT
    )


def _checked(token: Token) -> Token:
    """``token``, if it can be a token (printable ASCII, one word); never shows it."""
    if not all(33 <= ord(ch) < 127 for ch in token.secret):
        raise InputError(
            f"{token} is not a GitHub token: it has spaces, line breaks or non-ASCII characters",
            hint="the file or variable should hold the token alone, on one line",
        )
    return token


def backoff_scale(env: Mapping[str, str]) -> float:
    """How much of each wait to actually sleep (``$LADDER_HTTP_BACKOFF_SCALE``, default 1)."""
    raw = env.get(ENV_BACKOFF_SCALE, "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{ENV_BACKOFF_SCALE}={raw!r} is not a number") from None
    if value < 0:
        raise InputError(f"{ENV_BACKOFF_SCALE} must not be negative")
    return value

"""Passwords and web sessions: how a person signs in to the web UI.

Passwords are hashed with **argon2id** (argon2-cffi) using the parameters of RFC 9106's second
recommended option: 3 passes over 64 MiB of memory with 4 lanes, a 16-byte random salt and a 32-byte
tag (about 50-100 ms per hash on one core). The hash is stored as its PHC string in
``users.password_hash``, so the parameters travel with every hash; a hash made with other
parameters is replaced with a current one at the next successful sign-in. Setting a password is a
registry change and is recorded in the ledger (as a new row hash: the ledger never holds the hash
itself).

Web sessions are server-side rows in ``web_sessions`` (outside the ledger: see
:class:`senim.registry.models.OperationalBase`). The browser holds a random 256-bit token; the
table stores its SHA-256, never the token. A session ends 30 minutes after its last use (idle) and
12 hours after sign-in (absolute), on sign-out, when its user's password changes and when the user
is deactivated. Each session has its own CSRF secret.

Like :mod:`senim.registry.services`, nothing here knows HTTP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import cast

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from senim.registry.models import Organization, User, WebSession
from senim.registry.services import (
    NotFoundError,
    PermissionDeniedError,
    Principal,
    RegistryError,
    ValidationFailedError,
)

__all__ = [
    "ABSOLUTE_LIFETIME",
    "ARGON2_PARAMETERS",
    "IDLE_TIMEOUT",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "AmbiguousLoginError",
    "SessionInfo",
    "authenticate_password",
    "change_password",
    "check_password_policy",
    "create_session",
    "delete_session",
    "end_user_sessions",
    "find_user",
    "hash_password",
    "load_session",
    "needs_touch",
    "purge_expired_sessions",
    "set_password",
    "touch_session",
    "verify_password",
]

IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_LIFETIME = dt.timedelta(hours=12)
TOUCH_INTERVAL = dt.timedelta(seconds=60)  # last_seen is written at most once a minute per session
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024

# RFC 9106 §4, second recommended option ("uniformly safe" with less memory than the first).
ARGON2_PARAMETERS = {
    "time_cost": 3,
    "memory_cost": 64 * 1024,
    "parallelism": 4,
    "hash_len": 32,
    "salt_len": 16,
}

_hasher = PasswordHasher(
    time_cost=ARGON2_PARAMETERS["time_cost"],
    memory_cost=ARGON2_PARAMETERS["memory_cost"],
    parallelism=ARGON2_PARAMETERS["parallelism"],
    hash_len=ARGON2_PARAMETERS["hash_len"],
    salt_len=ARGON2_PARAMETERS["salt_len"],
    type=Type.ID,
)
_DUMMY_HASH: str | None = None  # verified against when no user matches, so timing does not tell


class AmbiguousLoginError(RegistryError):
    """The e-mail address and password fit users of several organisations: name the organisation."""

    code = "ambiguous"


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Replace the password hasher (tests use cheap parameters); returns the previous one."""
    global _hasher, _DUMMY_HASH
    previous, _hasher, _DUMMY_HASH = _hasher, hasher, None
    return previous


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --------------------------------------------------------------------------- passwords


def check_password_policy(password: str) -> None:
    """At least 12 characters (NIST SP 800-63B: length, no composition rules), at most 1024."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailedError(f"password: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailedError(f"password: use at most {MAX_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise ValidationFailedError("password: must not be blank")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-work check: with no hash, a dummy hash is verified so the answer takes as long."""
    global _DUMMY_HASH  # noqa: PLW0603 - computed once, lazily
    if password_hash is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
        password_hash = _DUMMY_HASH
        password = password + "\x00never"
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def find_user(session: Session, principal: Principal, ref: str, *, org: str | None = None) -> User:
    """A user by id, or by e-mail address (with ``org``, an organisation id or name, when several)."""
    user = session.get(User, ref)
    if user is None:
        q = select(User).where(func.lower(User.email) == ref.strip().lower())
        if org is not None:
            organisation = session.get(Organization, org) or session.scalar(
                select(Organization).where(Organization.name == org)
            )
            if organisation is None:
                raise NotFoundError(f"organisation {org!r} not found")
            q = q.where(User.org_id == organisation.id)
        if principal.org_id is not None:
            q = q.where(User.org_id == principal.org_id)
        found = list(session.scalars(q))
        if len(found) > 1:
            raise ValidationFailedError(f"{ref!r} is a user of several organisations: name the organisation")
        user = found[0] if found else None
    if user is None or (principal.org_id is not None and user.org_id != principal.org_id):
        raise NotFoundError(f"user {ref!r} not found")
    return user


def set_password(session: Session, principal: Principal, *, user_id: str, password: str) -> User:
    """Set a user's password (the operator, an admin of the user's organisation, or the user).

    Every web session of the user ends: whoever held one must sign in with the new password.
    """
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id} not found")
    if not principal.is_operator and principal.user_id != user.id:
        if principal.org_id != user.org_id:
            raise NotFoundError(f"user {user_id} not found")
        if principal.role != "admin":
            raise PermissionDeniedError(f"role {principal.role!r} may not set others' passwords")
    check_password_policy(password)
    user.password_hash = hash_password(password)
    session.flush()
    end_user_sessions(session, user.id)
    return user


def change_password(
    session: Session, principal: Principal, *, current: str, new: str, keep_session: str | None = None
) -> User:
    """The signed-in user changes their own password; their other web sessions end."""
    user = session.get(User, principal.user_id)
    if user is None or not user.active:
        raise NotFoundError("user not found")
    if not verify_password(user.password_hash, current):
        raise PermissionDeniedError("the current password is not correct")
    if hmac.compare_digest(current, new):
        raise ValidationFailedError("password: choose a password different from the current one")
    check_password_policy(new)
    user.password_hash = hash_password(new)
    session.flush()
    end_user_sessions(session, user.id, keep=keep_session)
    return user


def authenticate_password(
    session: Session, email: str, password: str, *, org: str | None = None
) -> User | None:
    """The active user with this e-mail address and password, else None.

    An e-mail address is unique per organisation only: when the password fits users of several
    organisations, :class:`AmbiguousLoginError` asks for ``org`` (id or name). A hash made with
    older parameters is upgraded.
    """
    if not email or not password or len(email) > 320 or len(password) > MAX_PASSWORD_LENGTH:
        verify_password(None, password[:MAX_PASSWORD_LENGTH] if password else "x")
        return None
    q = select(User).where(func.lower(User.email) == email.strip().lower(), User.active.is_(True))
    candidates = list(session.scalars(q.order_by(User.org_id, User.id)))
    if org:
        wanted = org.strip().lower()
        names = {
            o.id: o.name
            for o in session.scalars(
                select(Organization).where(Organization.id.in_([u.org_id for u in candidates]))
            )
        }
        candidates = [u for u in candidates if u.org_id == org or names.get(u.org_id, "").lower() == wanted]
    candidates = [u for u in candidates if u.password_hash is not None]
    if not candidates:
        verify_password(None, password)
        return None
    matches = [u for u in candidates if verify_password(u.password_hash, password)]
    if not matches:
        return None
    if len(matches) > 1:
        raise AmbiguousLoginError("the e-mail address is registered in several organisations")
    user = matches[0]
    assert user.password_hash is not None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A valid web session and its user."""

    id: str  # the SHA-256 of the cookie token (the table's key), never the token itself
    user_id: str
    org_id: str
    role: str
    name: str
    email: str
    csrf_secret: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime

    @property
    def principal(self) -> Principal:
        return Principal(self.user_id, self.org_id, self.role)


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_T = cast(Table, WebSession.__table__)


def create_session(session: Session, user: User, *, now: dt.datetime | None = None) -> str:
    """Start a session for ``user``; returns the cookie token (shown once, stored hashed)."""
    if not user.active:
        raise PermissionDeniedError("the user is deactivated")
    moment = now or _now()
    token = secrets.token_urlsafe(32)
    session.execute(
        insert(_T).values(
            id=session_id(token),
            user_id=user.id,
            csrf_secret=secrets.token_urlsafe(32),
            created_at=moment,
            last_seen_at=moment,
            expires_at=moment + ABSOLUTE_LIFETIME,
        )
    )
    return token


_LOAD = select(
    _T.c.id,
    _T.c.user_id,
    User.org_id,
    User.role,
    User.name,
    User.email,
    _T.c.csrf_secret,
    _T.c.created_at,
    _T.c.last_seen_at,
    _T.c.expires_at,
    User.active,
).join(User, User.id == _T.c.user_id)


def load_session(
    session: Session, token: str | None, *, now: dt.datetime | None = None
) -> SessionInfo | None:
    """The session of a cookie token if it is known, not idle for 30 minutes, not older than 12 hours
    and its user is active; else None."""
    if not token or len(token) > 100:
        return None
    sid = session_id(token)
    row = session.execute(_LOAD.where(_T.c.id == sid)).first()
    if row is None:
        return None
    *fields, active = row
    info = SessionInfo(*fields)
    moment = now or _now()
    if not active or moment >= info.expires_at or moment - info.last_seen_at >= IDLE_TIMEOUT:
        return None
    return info


def needs_touch(info: SessionInfo, *, now: dt.datetime | None = None) -> bool:
    """Whether the session's last use is older than a minute (so :func:`touch_session` would write)."""
    return (now or _now()) - info.last_seen_at >= TOUCH_INTERVAL


def touch_session(session: Session, info: SessionInfo, *, now: dt.datetime | None = None) -> bool:
    """Record use of the session (at most once a minute); True if a write was made."""
    moment = now or _now()
    if not needs_touch(info, now=moment):
        return False
    session.execute(update(_T).where(_T.c.id == info.id).values(last_seen_at=moment))
    return True


def delete_session(session: Session, token: str | None) -> None:
    if token and len(token) <= 100:
        session.execute(delete(_T).where(_T.c.id == session_id(token)))


def end_user_sessions(session: Session, user_id: str, *, keep: str | None = None) -> int:
    """End every web session of a user (except the one whose *id* is ``keep``); returns how many."""
    q = delete(_T).where(_T.c.user_id == user_id)
    if keep is not None:
        q = q.where(_T.c.id != keep)
    return int(session.execute(q).rowcount or 0)  # type: ignore[attr-defined]


def purge_expired_sessions(session: Session, *, now: dt.datetime | None = None) -> int:
    """Delete sessions past their absolute or idle limit."""
    moment = now or _now()
    q = delete(_T).where((_T.c.expires_at <= moment) | (_T.c.last_seen_at <= moment - IDLE_TIMEOUT))
    return int(session.execute(q).rowcount or 0)  # type: ignore[attr-defined]

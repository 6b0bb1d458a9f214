"""Local accounts for the coordinators' workspace, with Argon2id password hashes (argon2-cffi).

    python -m fondassistenten.accounts create anna --roll samordnare --namn "Anna Andersson"
    python -m fondassistenten.accounts list
    python -m fondassistenten.accounts disable anna

The password is asked for twice at the terminal, or read from standard input with ``--lösenord-stdin``
(for scripts: ``echo "$PW" | python -m fondassistenten.accounts create anna --lösenord-stdin``).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from fondassistenten.db import ROLES, User, session_scope, upgrade

MIN_PASSWORD_CHARS = 12
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = hash_password("ingen-användare-har-detta-lösenord")


def authenticate(username: str, password: str) -> User | None:
    """The active local account with this name and password, else None (same work either way)."""
    with session_scope() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None or not user.active or not user.password_hash:
            verify_password(_DUMMY_HASH, password)
            return None
        return user if verify_password(user.password_hash, password) else None


def create_account(username: str, password: str, role: str, display_name: str = "") -> User:
    username = username.strip().lower()
    if role not in ROLES:
        raise ValueError(f"Okänd roll ”{role}”. Välj {' eller '.join(ROLES)}.")
    if not username or len(username) > 120:
        raise ValueError("Ange ett användarnamn (högst 120 tecken).")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"Lösenordet måste ha minst {MIN_PASSWORD_CHARS} tecken.")
    with session_scope() as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise ValueError(f"Användaren ”{username}” finns redan.")
        user = User(
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
        return user


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fondassistenten.accounts", description="Konton för samordnarnas arbetsyta."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="Skapa ett lokalt konto")
    create.add_argument("username")
    create.add_argument("--roll", "--role", dest="role", choices=ROLES, default="samordnare")
    create.add_argument("--namn", "--name", dest="name", default="")
    create.add_argument("--lösenord-stdin", "--password-stdin", dest="stdin", action="store_true")
    sub.add_parser("list", help="Lista kontona")
    disable = sub.add_parser("disable", help="Stäng av ett konto")
    disable.add_argument("username")
    args = parser.parse_args(argv)
    upgrade()
    if args.command == "create":
        if args.stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Lösenord: ")
            if getpass.getpass("Samma lösenord igen: ") != password:
                print("Lösenorden var olika. Inget konto skapades.", file=sys.stderr)
                return 1
        try:
            create_account(args.username, password, args.role, args.name)
        except ValueError as error:
            print(f"FEL: {error}", file=sys.stderr)
            return 1
        print(f"Kontot ”{args.username.strip().lower()}” ({args.role}) är skapat.")
    elif args.command == "list":
        with session_scope() as session:
            for user in session.scalars(select(User).order_by(User.username)):
                state = "aktivt" if user.active else "avstängt"
                how = "lokalt" if user.password_hash else "inloggning via SSO"
                print(f"{user.username}\t{user.role}\t{state}\t{how}")
    else:
        with session_scope() as session:
            found = session.scalar(select(User).where(User.username == args.username.strip().lower()))
            if found is None:
                print(f"FEL: användaren ”{args.username}” finns inte.", file=sys.stderr)
                return 1
            found.active = False
        print(f"Kontot ”{args.username}” är avstängt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

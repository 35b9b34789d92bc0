"""python -m inbox_app: migrate, create-admin, create-agent, create-api-key, seed-demo,
bootstrap, backup, restore."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from inbox_app.db import get_engine
from inbox_app.demo import seed as demo
from inbox_app.migrations import upgrade_to_head
from inbox_app.models.enums import Role
from inbox_app.models.tables import utcnow
from inbox_app.operations import backup
from inbox_app.services.integrations.api_keys import ApiKeyError, create_api_key
from inbox_app.services.team.agents import AgentError, count_agents, create_agent
from inbox_app.settings import data_dir_from_env, database_url_from_env, get_settings


def _migrate(_args: argparse.Namespace) -> int:
    upgrade_to_head(get_settings().database_url)
    print("Database is at the newest schema.")
    return 0


def _create(role: Role):
    def run(args: argparse.Namespace) -> int:
        with Session(get_engine()) as session:
            try:
                agent = create_agent(
                    session, email=args.email, password=args.password, name=args.name, role=role
                )
            except AgentError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
        print(f"Created {role.value} {agent.email} (id {agent.id}).")
        return 0

    return run


def _create_api_key(args: argparse.Namespace) -> int:
    with Session(get_engine()) as session:
        try:
            made = create_api_key(session, name=args.name, now=utcnow())
        except ApiKeyError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    print(f"Created API key {made.name!r} (id {made.id}). It is shown only now:")
    print(made.key)
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    demo.seed_bulk(
        get_engine(),
        conversations=args.conversations,
        messages_per_conversation=args.messages_per_conversation,
        now=utcnow(),
        spacing_seconds=args.spread_days * 86_400 / max(args.conversations, 1)
        if args.spread_days
        else 37,
    )
    total = args.conversations * args.messages_per_conversation
    print(
        f"Seeded {args.conversations} conversations, {total} messages in {time.perf_counter() - started:.1f} s."
    )
    return 0


def _bootstrap(_args: argparse.Namespace) -> int:
    """What `make run` does before serving: migrate, first admin, demo data."""
    settings, engine = get_settings(), get_engine()
    upgrade_to_head(settings.database_url)
    email, password = settings.admin_email, settings.admin_password
    if email and password and demo.ensure_admin(engine, email=email, password=password):
        print(f"Created the first admin {settings.admin_email}.")
    with Session(engine) as session:
        agents = count_agents(session)
    if settings.demo and demo.has_no_conversations(engine) and agents <= 1:
        demo.load_demo_team(engine, now=utcnow())
        print(
            f"Loaded demo data (anna@example.com, ben@example.com; password {demo.DEMO_PASSWORD})."
        )
    elif not agents:
        print(
            "No agents yet: set INBOX_ADMIN_EMAIL and INBOX_ADMIN_PASSWORD, or run\n"
            "  .venv/bin/python -m inbox_app create-admin --email you@example.com --password ..."
        )
    return 0


# What a backup or restore reports as one line: a refusal, a full disk, an unreachable database.
_BACKUP_FAILURES = (backup.BackupError, OSError, SQLAlchemyError, sqlite3.Error)


def _backup(args: argparse.Namespace) -> int:
    # Not get_settings(): it would make a secret in a data folder that has none yet.
    data_dir = data_dir_from_env()
    try:
        done = backup.backup(
            data_dir=data_dir,
            database_url=database_url_from_env(data_dir),
            to=Path(args.to),
            now=utcnow(),
        )
    except _BACKUP_FAILURES as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    schema = done.manifest.schema_revision or "not migrated"
    print(
        f"Backed up the {done.manifest.database} database (schema {schema}) and {done.files} "
        f"files of {data_dir} to {Path(args.to).resolve()} ({done.size / 1e6:.1f} MB)."
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    # Not get_settings(): it would make the data folder and a secret, and the folder must be empty.
    data_dir = data_dir_from_env()
    try:
        manifest = backup.restore(
            data_dir=data_dir,
            database_url=database_url_from_env(data_dir),
            source=Path(args.source),
        )
    except _BACKUP_FAILURES as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"Restored the {manifest.database} backup of {manifest.created_at} into {data_dir}; "
        "`bootstrap` (or `make run`) migrates it if this version's schema is newer."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m inbox_app")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply Alembic migrations").set_defaults(run=_migrate)
    commands.add_parser(
        "bootstrap", help="migrate, create the first admin, load demo data"
    ).set_defaults(run=_bootstrap)
    for name, role in (("create-admin", Role.admin), ("create-agent", Role.agent)):
        sub = commands.add_parser(name, help=f"create an {role.value}")
        sub.add_argument("--email", required=True)
        sub.add_argument("--password", required=True)
        sub.add_argument("--name")
        sub.set_defaults(run=_create(role))
    api_key = commands.add_parser("create-api-key", help="a key for the REST API, shown once")
    api_key.add_argument("--name", required=True)
    api_key.set_defaults(run=_create_api_key)
    seed = commands.add_parser("seed-demo", help="bulk demo conversations")
    seed.add_argument("--conversations", type=int, default=1000)
    seed.add_argument("--messages-per-conversation", type=int, default=10)
    seed.add_argument(
        "--spread-days", type=float, default=0, help="spread evenly over this many days"
    )
    seed.set_defaults(run=_seed_demo)
    save = commands.add_parser("backup", help="database, uploads and secrets into one file")
    save.add_argument("--to", required=True, metavar="FILE")
    save.set_defaults(run=_backup)
    put_back = commands.add_parser("restore", help="a backup into an empty data folder")
    put_back.add_argument("--from", dest="source", required=True, metavar="FILE")
    put_back.set_defaults(run=_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)

"""Command line for the host:

    python -m assessments [--db URL] admin create EMAIL [--name NAME]
    python -m assessments [--db URL] task-force create NAME --lead EMAIL [--jurisdiction J] [--lead-name N] [--base-url URL]
    python -m assessments [--db URL] demo
    python -m assessments [--db URL] framework add FILE
    python -m assessments [--db URL] export --task-force NAME --format xlsx|csv|json|backup --out FILE --as EMAIL
    python -m assessments [--db URL] import FILE --as EMAIL

Whoever runs these already holds the database, so they act without an account; except
export and import, which move a task force's data out of or into the installation: they
act as the account --as names (the administrator, or for export also a lead of the task
force), through the same checked use cases as the app.
A password is read from standard input when that is not a terminal (scripted installs),
otherwise asked twice without echo. It never appears in the arguments, where `ps` would show it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from assessments.domain.accounts import link_address, normalise_email
from assessments.domain.imports import MAX_IMPORT_BYTES
from assessments.domain.model import Actor, Discipline, DomainError, NotFound
from assessments.store.database import Database, database_url
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, backups, demo, frameworks, installation, task_force_data, task_forces
from roadmap.load import FrameworkError, read_framework_file

DEFAULT_BASE_URL = "http://localhost:8501"
EXPORT_FORMATS = {"xlsx": "to_excel", "csv": "to_csv_zip", "json": "to_json", "backup": ""}


def _read_password(prompt: str = "Password: ") -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Once more: ") != first:
        raise DomainError("The two passwords differ. Nothing was changed.")
    return first


def _progress(fraction: float, text: str) -> None:
    print(f"[{fraction:4.0%}] {text}", file=sys.stderr)


def _actor(db: Database, email: str) -> Actor:
    with UnitOfWork(db) as uow:
        account = uow.accounts.find_account(normalise_email(email))
    if account is None:
        raise NotFound(f"No account with the email {email.strip()!r} in this database; give the administrator's "
                       "or a lead's.")
    return account.actor


def _export(db: Database, args) -> None:
    task_force = task_forces.find_task_force(db, args.task_force)
    actor = _actor(db, args.as_email)
    if args.format == "backup":
        data = backups.backup_task_force(db, actor, task_force.id)
    else:
        from reports import task_force_export  # pandas and openpyxl only when a file is asked for

        content = task_force_data.task_force_data(db, actor, task_force.id, f"{args.format} (command line)")
        data = getattr(task_force_export, EXPORT_FORMATS[args.format])(content)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"Wrote {args.out} ({len(data):,} bytes): {task_force.name}, {args.format}.", file=sys.stderr)


def _import(db: Database, args) -> None:
    actor = _actor(db, args.as_email)
    with open(args.file, "rb") as file:
        data = file.read(MAX_IMPORT_BYTES + 1)  # enough to know it is too large, no more
    restored = backups.restore_backup(db, actor, data, args.file.name, progress=_progress)
    print(f"Restored {restored.task_force.name}: {restored.members} people, {restored.cycles} cycles, "
          f"{restored.answers} answers.")
    if restored.new_accounts:
        print(f"{restored.new_accounts} people have no password here yet. Hand each lead their single-use link; "
              "the leads then make new links for the others on the Team page:")
    for link in restored.lead_links:
        print(f"  {link.email}: {link_address(args.base_url, link.token)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessments", description="Waypoint commands for the host")
    parser.add_argument("--db", default=None, help="database URL (default: $DATABASE_URL or the SQLite file under data/)")
    commands = parser.add_subparsers(dest="command", required=True)

    admin = commands.add_parser("admin", help="the installation administrator").add_subparsers(dest="action", required=True)
    create_admin = admin.add_parser("create", help="create the administrator (password from standard input or a prompt)")
    create_admin.add_argument("email")
    create_admin.add_argument("--name", default="", help="the name shown in the app (default: the email's first part)")

    task_force = commands.add_parser("task-force", help="task forces").add_subparsers(dest="action", required=True)
    create_tf = task_force.add_parser("create", help="create a task force and invite its first lead")
    create_tf.add_argument("name")
    create_tf.add_argument("--lead", required=True, metavar="EMAIL", help="the first lead's email")
    create_tf.add_argument("--lead-name", default="", help="the lead's name (default: the email's first part)")
    create_tf.add_argument("--lead-discipline", default=Discipline.GOVERNMENT.value, choices=[d.value for d in Discipline])
    create_tf.add_argument("--jurisdiction", default="Not stated yet", help="the area the task force serves")
    create_tf.add_argument("--base-url", default=DEFAULT_BASE_URL, help="the app's address, for the invite link")

    commands.add_parser("demo", help="fill the database with the fictional demo task force")

    framework = commands.add_parser("framework", help="framework files").add_subparsers(dest="action", required=True)
    add_framework = framework.add_parser("add", help="check a framework file and store it for every task force")
    add_framework.add_argument("file", help="the framework file (YAML)")
    export = commands.add_parser("export", help="a task force's data (xlsx, csv, json) or its full backup (backup)")
    export.add_argument("--task-force", required=True, help="the task force's name, exactly as in the app")
    export.add_argument("--format", required=True, choices=list(EXPORT_FORMATS),
                        help="xlsx: a workbook, a sheet per table; csv: a zip of the same tables; json: the same "
                             "tables; backup: everything, for `import`")
    export.add_argument("--out", required=True, type=Path, help="where to write the file")
    export.add_argument("--as", dest="as_email", required=True, metavar="EMAIL",
                        help="the administrator's email, or a lead's of that task force")
    restore = commands.add_parser("import", help="restore a task force from its backup (as the administrator)")
    restore.add_argument("file", type=Path, help="a backup written by `export --format backup`")
    restore.add_argument("--as", dest="as_email", required=True, metavar="EMAIL", help="the administrator's email")
    restore.add_argument("--base-url", default=DEFAULT_BASE_URL, help="the app's address, for the leads' invite links")
    args = parser.parse_args(argv)

    db = Database(args.db or database_url())
    try:
        frameworks.install_bundled_frameworks(db)
        if args.command == "admin":
            signed_in = accounts.create_administrator(db, args.email, _read_password(), args.name)
            print(f"Administrator {signed_in.account.email} is ready. Sign in to the app with that email.")
        elif args.command == "task-force":
            lead_name = args.lead_name or args.lead.split("@")[0]
            created = installation.create_task_force_from_command_line(
                db, args.name, args.jurisdiction, args.lead, lead_name, args.lead_discipline,
            )
            print(f"Created {created.task_force.name} with {args.lead} as its lead.")
            if created.lead_link:
                print(f"Hand this single-use link to the lead (valid until {created.lead_link.expires_at:%Y-%m-%d %H:%M} UTC):")
                print(link_address(args.base_url, created.lead_link.token))
            else:
                print("That account already has a password: the lead sees the task force at their next sign-in.")
        elif args.command == "demo":
            if any(tf.name == demo.DEMO_TASK_FORCE for tf in task_forces.list_task_forces(db)):
                print(f"The demo task force {demo.DEMO_TASK_FORCE!r} is already in this database; nothing changed.", file=sys.stderr)
                return 1
            loaded = demo.load_demo(db, progress=lambda fraction, text: print(f"[{fraction:4.0%}] {text}", file=sys.stderr))
            print(f"Loaded {loaded.name}: {len(demo.MEMBERS)} people, demo accounts without passwords. "
                  "The sign-in page offers to explore it while it is the only task force in the database.")
        elif args.command == "export":
            _export(db, args)
        elif args.command == "import":
            _import(db, args)
        elif args.command == "framework":
            stored = frameworks.add_framework(db, read_framework_file(args.file), args.file)
            print(f"{stored.title} version {stored.version} (id {stored.id}) is stored; every task force may choose it.")
    except (DomainError, FrameworkError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

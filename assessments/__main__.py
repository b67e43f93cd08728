"""Command line: `python -m assessments demo [--db URL]`."""

from __future__ import annotations

import argparse
import sys

from assessments import demo, services
from assessments.database import Database, database_url
from assessments.model import DomainError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessments", description="Waypoint data commands")
    parser.add_argument("--db", default=None, help="database URL (default: $DATABASE_URL or the SQLite file under data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="fill the database with the fictional demo task force")
    args = parser.parse_args(argv)

    db = Database(args.db or database_url())
    try:
        if args.command == "demo":
            services.install_bundled_frameworks(db)
            if any(tf.name == demo.DEMO_TASK_FORCE for tf in services.list_task_forces(db)):
                print(f"The demo task force {demo.DEMO_TASK_FORCE!r} is already in this database; nothing changed.", file=sys.stderr)
                return 1
            task_force = demo.load_demo(db, progress=lambda fraction, text: print(f"[{fraction:4.0%}] {text}", file=sys.stderr))
            cycles = services.list_cycles(db, task_force.id)
            members = services.list_members(db, task_force.id)
            print(f"Loaded {task_force.name}: {len(members)} members, {len(cycles)} cycles "
                  f"({cycles[0].label} to {cycles[-1].label}). Every member's access code is {demo.DEMO_ACCESS_CODE!r}.")
    except DomainError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

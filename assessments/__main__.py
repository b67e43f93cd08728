"""Command line: `python -m assessments demo [--db URL]`."""

from __future__ import annotations

import argparse
import sys

from assessments.domain.model import DomainError
from assessments.store.database import Database, database_url
from assessments.usecases import cycles, demo, frameworks, members, task_forces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessments", description="Waypoint data commands")
    parser.add_argument("--db", default=None, help="database URL (default: $DATABASE_URL or the SQLite file under data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="fill the database with the fictional demo task force")
    args = parser.parse_args(argv)

    db = Database(args.db or database_url())
    try:
        if args.command == "demo":
            frameworks.install_bundled_frameworks(db)
            if any(tf.name == demo.DEMO_TASK_FORCE for tf in task_forces.list_task_forces(db)):
                print(f"The demo task force {demo.DEMO_TASK_FORCE!r} is already in this database; nothing changed.", file=sys.stderr)
                return 1
            task_force = demo.load_demo(db, progress=lambda fraction, text: print(f"[{fraction:4.0%}] {text}", file=sys.stderr))
            loaded_cycles = cycles.list_cycles(db, task_force.id)
            loaded_members = members.list_members(db, task_force.id)
            print(f"Loaded {task_force.name}: {len(loaded_members)} members, {len(loaded_cycles)} cycles "
                  f"({loaded_cycles[0].label} to {loaded_cycles[-1].label}). "
                  f"Every member's access code is {demo.DEMO_ACCESS_CODE!r}.")
    except DomainError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line:
`python -m reports [--db URL] pdf --as EMAIL --task-force NAME --cycle LABEL --out FILE [--date YYYY-MM-DD]
[--paper letter|a4]` (`--db` may also follow `pdf`; `--paper` overrides the task force's setting, US Letter by default).

The report is built as the account named by ``--as`` (a lead or funder of the task force),
through the same checked use cases as the Reports page: an account without that right is refused."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from assessments.domain.accounts import normalise_email
from assessments.domain.model import Actor, DomainError, NotFound, check_cycle_label
from assessments.domain.paper import Paper
from assessments.store.database import Database, database_url
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, exports, task_forces


def _report_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, for example 2026-11-23.") from None


def _actor(db: Database, email: str) -> Actor:
    """The account the report is built as, found by its email."""
    with UnitOfWork(db) as uow:
        account = uow.accounts.find_account(normalise_email(email))
    if account is None:
        raise NotFound(f"No account with the email {email.strip()!r} in this database; give a lead's or a funder's.")
    return account.actor


def _progress(fraction: float, text: str) -> None:
    print(f"[{fraction:4.0%}] {text}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description="Waypoint reports")
    # Before the command, as `python -m assessments` takes it (and the README says); after it works too.
    parser.add_argument("--db", dest="db_before_command", default=None, metavar="URL",
                        help="database URL (default: $DATABASE_URL or the SQLite file under data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    pdf = commands.add_parser("pdf", help="the PDF report of one cycle, for funders")
    pdf.add_argument("--as", dest="as_email", required=True, metavar="EMAIL",
                     help="the email of the account the report is built as: a lead or funder of the task force")
    pdf.add_argument("--task-force", required=True, help="the task force's name, exactly as in the app")
    pdf.add_argument("--cycle", required=True, help="the cycle label, for example 2026-Q4")
    pdf.add_argument("--out", required=True, type=Path, help="where to write the PDF")
    pdf.add_argument("--db", default=None, help="database URL (default: $DATABASE_URL or the SQLite file under data/)")
    pdf.add_argument("--date", type=_report_date, default=None, help="the report date printed in the PDF (default: today)")
    pdf.add_argument("--paper", type=str.lower, choices=[p.value for p in Paper], default=None,
                     help="the paper to lay the PDF out on (default: the task force's setting, US Letter unless "
                          "its lead chose A4)")
    args = parser.parse_args(argv)

    from reports.pdf import build_pdf  # after parsing, so --help stays fast

    url = args.db or args.db_before_command or database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        print(f"error: there is no database file at {url.removeprefix('sqlite:///')}; check --db or DATABASE_URL.",
              file=sys.stderr)
        return 2
    db = Database(url)
    try:
        label = check_cycle_label(args.cycle)
        task_force = task_forces.find_task_force(db, args.task_force)
        actor = _actor(db, args.as_email)
        task_force_cycles = cycles.list_cycles(db, actor, task_force.id)
        cycle = next((c for c in task_force_cycles if c.label == label), None)
        if cycle is None:
            known = ", ".join(c.label for c in task_force_cycles) or "none yet"
            raise NotFound(f"{task_force.name} has no cycle {label}. Its cycles: {known}.")
        pdf_bytes = build_pdf(db, actor, task_force.id, cycle.id, args.date or date.today(), progress=_progress,
                              paper=args.paper)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(pdf_bytes)
        exports.record_export(db, actor, cycle.id, "PDF report (command line)")
    except DomainError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: could not write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"Wrote {args.out} ({len(pdf_bytes):,} bytes): {task_force.name}, {cycle.label}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

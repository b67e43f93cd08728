"""Row 4: one answer saved through the questionnaire's save use case, p50 and p95, as a ratio to a
bare upsert of the same row (INSERT ... ON CONFLICT DO UPDATE, in its own transaction, on the
same SQLite file through the same engine)."""

from __future__ import annotations

from datetime import datetime

from figures import Row, percentile, samples_ms
from sqlalchemy import text
from world import World

from assessments.store.database import WRITING, Database
from assessments.usecases import questionnaire
from tests.ui.conftest import db_member

SAVE_RATIO, SAVE_P95_MS = 2, 10
BARE_UPSERT = text(
    "INSERT INTO answers (cycle_id, member_id, element_id, stage, note, note_in_report, updated_at) "
    "VALUES (:cycle, :member, :element, :stage, '', 0, :at) "
    "ON CONFLICT (cycle_id, member_id, element_id) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at"
)


def save_rows(world: World, count: int) -> list[Row]:
    db = Database(world.url, run_migrations=False)
    member = db_member(db, world.member_member_id)
    cycle_id, element_id = world.open_cycle_id, world.element_ids[0]
    stages = iter(range(10**9))

    def save() -> None:
        questionnaire.save_answer(db, member.actor, cycle_id, element_id, next(stages) % 5 + 1)

    def upsert() -> None:
        with db.engine.connect().execution_options(**WRITING) as connection, connection.begin():
            connection.execute(BARE_UPSERT, {"cycle": cycle_id, "member": member.id, "element": element_id,
                                             "stage": next(stages) % 5 + 1, "at": datetime.now()})

    save(), upsert()  # the first of each pays for warming caches
    saves, upserts = samples_ms(save, count), samples_ms(upsert, count)
    db.dispose()
    rows = []
    for label, share, max_value in (("p50", 0.5, None), ("p95", 0.95, SAVE_P95_MS)):
        rows.append(Row(f"save: one answer {label}", percentile(saves, share), "ms", percentile(upserts, share),
                        max_ratio=SAVE_RATIO, max_value=max_value, note=f"{count} saves"))
    return rows

"""How long a sign-in takes, and that a wrong password and an unknown email take the same time.

Targets: a sign-in answers in under 1 s on the 2-core machine (Argon2id, 64 MiB, t=3), and the
median times of "wrong password" and "unknown email" differ by under 15 %, so timing does not
tell an attacker which emails have accounts.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.domain.model import NotAllowed, Role  # noqa: E402
from assessments.store.database import Database  # noqa: E402
from assessments.usecases import accounts, frameworks, members, task_forces, team  # noqa: E402

PASSWORD = "a benchmark passphrase"
ROUNDS = 9  # under the lockout, so every wrong password gets the full check
TARGET_SIGN_IN_S = 1.0
TARGET_TIMING_GAP = 0.15


def timed(call) -> float:
    start = time.perf_counter()
    try:
        call()
    except NotAllowed:
        pass
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        frameworks.install_bundled_frameworks(db)
        task_force = task_forces.create_task_force(db, "Bench Task Force", "Bench County")
        lead = members.add_member(db, task_force.id, "Lead", "labor", Role.LEAD, email="lead@bench.example")
        member = members.add_member(db, task_force.id, "Member", "labor", Role.MEMBER, email="member@bench.example")
        accounts.accept_link(db, team.new_link(db, lead.actor, task_force.id, member.id).token, PASSWORD)
        # Each round from a fresh client address, so no refusal is the per-address short cut.
        right = [timed(lambda: accounts.sign_in(db, "member@bench.example", PASSWORD, f"10.0.{i}.1")) for i in range(ROUNDS)]
        wrong = [timed(lambda: accounts.sign_in(db, "member@bench.example", "not it at all", f"10.1.{i}.1"))
                 for i in range(ROUNDS)]
        accounts.sign_in(db, "member@bench.example", PASSWORD)  # clears the failures
        unknown = [timed(lambda: accounts.sign_in(db, f"nobody{i}@bench.example", PASSWORD, f"10.2.{i}.1"))
                   for i in range(ROUNDS)]
        db.dispose()
    medians = {name: statistics.median(times) for name, times in
               (("right password", right), ("wrong password", wrong), ("unknown email", unknown))}
    for name, seconds in medians.items():
        print(f"{name:>15}: median {seconds * 1000:6.0f} ms over {ROUNDS} sign-ins")
    gap = abs(medians["wrong password"] - medians["unknown email"]) / medians["wrong password"]
    print(f"wrong password vs unknown email: {gap:.1%} apart (target under {TARGET_TIMING_GAP:.0%})")
    ok = max(medians.values()) < TARGET_SIGN_IN_S and gap < TARGET_TIMING_GAP
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

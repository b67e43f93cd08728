"""Reads a page makes on every rerun, computed once per data version and kept between reruns.

A widget change reruns the whole page script; without this, each rerun read and scored the
task force again. A cached read is keyed by:

- the database, the use case and its arguments;
- the task force's data version, which every committed write to the task force raises
  (assessments/store/unit_of_work.py), so a figure is never older than the last write;
- the member asking, so nothing one person may read is ever handed to another: the use case
  checked this member's rights when it ran, and a role change or removal is a write, which
  raises the version, so the next read checks again;
- today's date, for what counts overdue or due.

The cache holds only what the use cases return, which is already what the reporting threshold
lets show (assessments/domain/confidentiality.py). The session itself is never cached: every
rerun asks the database whether the session is still live (ui/state.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import streamlit as st

from assessments.domain.model import Actor, Member, TaskForce
from assessments.store.database import Database
from ui import state

R = TypeVar("R")

# A task force's pages read a few dozen things; old versions age out.
MAX_ENTRIES = 512


def _scope(member: Member, task_force: TaskForce) -> tuple:
    """What every cached result is keyed by besides its own arguments: the database, the task force
    and its data version, the member asking, and today's date."""
    if task_force.id != member.task_force_id:
        raise ValueError("A cached result names the member's own task force.")
    return str(state.database().engine.url), task_force.id, task_force.data_version, member.id, date.today()


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _read(_use_case: Callable, _db: Database, _actor: Actor, use_case_name: str, scope: tuple, args: tuple,
          kwargs: tuple):
    return _use_case(_db, _actor, *args, **dict(kwargs))


def read(use_case: Callable[..., R], member: Member, task_force: TaskForce, *args, **kwargs) -> R:
    """``use_case(db, member.actor, *args, **kwargs)``, run once per data version of the member's
    task force. ``task_force`` is the one read with the member on this rerun (state.task_force_of),
    so its data version is current."""
    return _read(use_case, state.database(), member.actor, f"{use_case.__module__}.{use_case.__qualname__}",
                 _scope(member, task_force), args, tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner=False, max_entries=MAX_ENTRIES)
def _kept(what: str, scope: tuple, key: tuple, _build: Callable):
    return _build()


def kept(what: str, member: Member, task_force: TaskForce, key: tuple, build: Callable[[], R]) -> R:
    """``build()`` once per data version, for what a page draws from cached reads: charts (prepared
    for ui/figures.show) and tables. ``what`` and ``key`` name the result (the chart, the cycle, the
    chosen options). Kept as one shared object, not copied: callers only read it."""
    return _kept(what, _scope(member, task_force), key, build)

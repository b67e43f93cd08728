"""One row of bench/run.py's table: a figure, its floor, the ratio between them and the target,
and the timing helpers every row family shares (medians of repetitions, percentiles)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """A measured figure. ``floor`` is the same work done the cheapest way (same unit);
    the target is met when every bound given holds."""

    name: str
    value: float | None          # None: could not be measured (``note`` says why)
    unit: str
    floor: float | None = None
    max_ratio: float | None = None
    max_value: float | None = None  # an absolute bound, in ``unit``
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def has_target(self) -> bool:
        return self.max_ratio is not None or self.max_value is not None

    @property
    def met(self) -> bool | None:
        if not self.has_target:
            return None
        if self.value is None or (self.max_ratio is not None and self.ratio is None):
            return False
        return (self.max_ratio is None or self.ratio <= self.max_ratio) and \
            (self.max_value is None or self.value < self.max_value)

    @property
    def target_text(self) -> str:
        bounds = []
        if self.max_ratio is not None:
            bounds.append(f"<={self.max_ratio:g}x")
        if self.max_value is not None:
            bounds.append(f"<{self.max_value:g} {self.unit}")
        return ", ".join(bounds) or "-"


def number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"


HEADER = f"{'figure':<46}{'value':>10} {'unit':<5}{'floor':>10}{'ratio':>9}  {'target':<18}{'':<8}"


def format_row(row: Row) -> str:
    ratio = "-" if row.ratio is None else f"{row.ratio:.1f}x"
    verdict = {None: "", True: "met", False: "not met"}[row.met]
    line = (f"{row.name:<46}{number(row.value):>10} {row.unit:<5}{number(row.floor):>10}{ratio:>9}  "
            f"{row.target_text:<18}{verdict}")
    return f"{line}  ({row.note})" if row.note else line


def timed_ms(action: Callable[[], object], prepare: Callable[[], object] | None = None) -> float:
    """Milliseconds ``action`` takes; ``prepare`` runs first, untimed."""
    if prepare is not None:
        prepare()
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def samples_ms(action: Callable[[], object], repeat: int, prepare: Callable[[], object] | None = None) -> list[float]:
    return [timed_ms(action, prepare) for _ in range(repeat)]


def median_ms(action: Callable[[], object], repeat: int, prepare: Callable[[], object] | None = None) -> float:
    return statistics.median(samples_ms(action, repeat, prepare))


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile: p95 of 200 samples is the 190th smallest."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]

"""Progress: what changed since last quarter and since the first cycle, trends, two cycles
compared, and progress against targets. Honest about framework changes, and about the
reporting threshold: a count or score from fewer than k answers reads "fewer than k answers"."""


import pandas as pd
import streamlit as st

from assessments.domain import confidentiality, cycle_choice, progress_rules, rotation
from assessments.domain.progress_rules import Comparison, Direction
from assessments.usecases import progress
from reports import progress_charts as charts
from reports import tables
from ui import cached, figures, state
from ui.text import literal

st.title("Progress")
db = state.database()
member = state.require_member()
task_force = state.task_force_of(member)
state.demo_banner(task_force)

scored = cached.read(progress.history, member, task_force, task_force.id)


def keep(what: str, build, *key):
    """What this page computes from the cached history, once per data version (ui/cached.py)."""
    return cached.kept(what, member, task_force, key, build)


usable = progress_rules.with_scores(scored)
if not scored:
    st.info("No cycle yet, so there is nothing to track. The lead opens the first quarterly cycle on the Admin page.")
    st.stop()
if len(usable) < 2:
    if usable:
        so_far = f"one cycle with scores so far ({usable[0][0].label})"
    else:
        so_far = (f"no cycle with a score yet ({scored[-1][0].label} is the latest): an element is scored once "
                  f"{task_force.reporting_threshold} members give it a stage, or by a consensus stage")
    st.info(
        f"**No trend yet.** {literal(task_force.name)} has {so_far}. "
        "A trend needs at least two: once the next quarter's cycle is opened and answered, this page shows "
        "what changed, element by element. The Results page shows where the task force stands now."
    )
    st.stop()

# Headlines compare up to the newest cycle most elements of which can be shown, not a quarter opened yesterday.
choice = cycle_choice.choose([(cycle, scores) for cycle, _, scores in scored])
latest = next((i for i, entry in enumerate(usable) if entry[0].id == choice.cycle.id), len(usable) - 1)
compared = usable[: max(latest, 1) + 1]
st.caption(f"Comparing up to **{literal(choice.label)}**, {literal(choice.why)}." if compared[-1][0].id == choice.cycle.id
           else f"Comparing up to **{literal(compared[-1][0].label)}**, the newest cycle with a score after the first.")
framework = usable[-1][1]
changes = keep("framework changes", lambda: progress_rules.framework_changes(scored))
with st.expander("How this page judges movement"):
    threshold_rule = confidentiality.rule_text(task_force.reporting_threshold, task_force.notes_shown_from)
    st.markdown(f"- {progress_rules.SPREAD_RULE}\n- {progress_rules.COMPARABLE_RULE}\n"
                f"- {progress_rules.CARRIED_RULE}\n- {rotation.RULE}\n- {threshold_rule}")
for change in changes:
    st.warning(literal(change.note), icon=":material/swap_horiz:")
for cycle, _, scores in scored:
    if scores.carried_functions:
        st.info(f"{cycle.label} did not assess every function: {literal(tables.carried_text(scores))}. Its overall "
                "score includes them; carried scores are open markers on the trend and \"carried\" in comparisons.",
                icon=":material/history:")



def _overall(entry) -> str:
    overall = entry[2].overall
    return "no score" if overall is None else f"{overall:.2f}"


def _respondents(scores) -> str:
    """"12 respondents", or "fewer than 3 respondents" when the threshold withholds the count."""
    if scores.respondents is None:
        return f"fewer than {scores.threshold} respondents"
    return f"{scores.respondents} respondents"


def headline(column, title: str, comparison: Comparison, before, after) -> None:
    with column.container(border=True):
        st.markdown(f"**{title}: {comparison.before.label} → {comparison.after.label}**")
        a, b = before[2], after[2]
        st.metric(
            "Overall score (stage 1-5)", _overall(after),
            delta=None if a.overall is None or b.overall is None or comparison.framework_changed
            else f"{b.overall - a.overall:+.2f} from {_overall(before)}",
            delta_color="off",
            help="The mean of the function scores. Judge progress by the element counts below, which separate "
                 "real movement from movement within members' disagreement.",
        )
        st.caption(f"{_respondents(a)} in {comparison.before.label}, {_respondents(b)} in {comparison.after.label}.")
        st.markdown(f"Of {len(comparison.changes)} elements: " + " · ".join(
            f"{charts.direction_symbol(which)} **{comparison.count(which)}** {which.value}" for which in Direction
        ))
        moves = [f"biggest {what}: {literal(c.element_id)} {literal(c.name)} ({c.before.score:g} → {c.after.score:g})"
                 for what, found in (("gain", comparison.gains(1)), ("loss", comparison.losses(1))) for c in found]
        if moves:
            line = "; ".join(moves)
            st.markdown(line[0].upper() + line[1:] + ".")
        notes = []
        if comparison.after.is_open:
            notes.append(f"{comparison.after.label} is still open, so its scores may change as more members answer.")
        if comparison.framework_changed:
            notes.append("The framework changed between these cycles: the overall change is not shown, "
                         "and only elements whose stages still mean the same are compared.")
        if b.overall_includes_carried:
            notes.append(f"The overall score of {comparison.after.label} {literal(rotation.overall_note(b))}.")
        for note in notes:
            st.caption(note)


def comparison_of(before, after) -> Comparison:
    return keep("comparison", lambda: progress_rules.compare_cycles(before, after), before[0].id, after[0].id)


last_two = comparison_of(compared[-2], compared[-1])
since_start = comparison_of(compared[0], compared[-1])
left, right = st.columns(2)
headline(left, "Since last quarter", last_two, compared[-2], compared[-1])
if len(compared) > 2:
    headline(right, "Since we started", since_start, compared[0], compared[-1])
else:
    right.info("The first cycle is also the previous one: the two views are the same until a third cycle.")

trend_tab, element_tab, compare_tab, target_tab = st.tabs(
    ["Trends", "One element", "Compare two cycles", "Progress against targets"]
)

with trend_tab:
    def trend_view():
        trends = progress_rules.trends(scored)
        return figures.prepare(charts.trend_chart(trends, framework, changes)), charts.trend_table(trends)

    trend_chart, trend_table = keep("trends", trend_view)
    figures.show(trend_chart)
    st.caption(
        "Each line is a mean of element scores: it moves when any element moves, and a few answers can move it. "
        "Open the comparison tab to see which elements moved for real."
    )
    with st.expander("Table behind this chart"):
        st.dataframe(trend_table, hide_index=True, width="stretch")

with element_tab:
    options = keep("elements", lambda: progress_rules.elements(scored))
    chosen = st.selectbox("Element", options, format_func=lambda option: f"{option[0]} {option[1]}", key="progress_element")
    def element_view():
        trend = progress_rules.element_trend(scored, chosen[0])
        return figures.prepare(charts.element_trend_chart(trend, framework)), charts.element_trend_table(trend)

    element_chart, element_table = keep("element trend", element_view, chosen[0])
    figures.show(element_chart)
    with st.expander("Table behind this chart"):
        st.dataframe(element_table, hide_index=True, width="stretch")


def _style(frame: pd.DataFrame):
    colours = {charts.direction_label(d): style[0] for d, style in charts.DIRECTION_STYLE.items()}
    return frame.style.map(lambda value: f"color: {colours[value]}; font-weight: 600" if value in colours else "",
                           subset=["Direction"]).format(precision=2, na_rep="–")


SHORT_LIST = {
    "Element": st.column_config.TextColumn("Element", width="medium"),
    "Change": st.column_config.TextColumn("Change", width="small"),
    "Answers": st.column_config.TextColumn("Answers", width="small"),
}


def _short_list(changes) -> pd.DataFrame:
    return pd.DataFrame([{
        "Element": f"{c.element_id} {c.name}",
        "Change": f"{c.before.score:g} → {c.after.score:g} ({c.change:+g})",
        "Answers": f"{charts.short_count(c.before)} → {charts.short_count(c.after)}",
    } for c in changes])


with compare_tab:
    labels = [entry[0].label for entry in usable]
    end = len(compared) - 1
    presets = {
        f"Last two ({labels[end - 1]} → {labels[end]})": (end - 1, end),
        f"Last against first ({labels[0]} → {labels[end]})": (0, end),
        "Choose two cycles": None,
    }
    preset = st.radio("Compare", list(presets), horizontal=True, key="progress_preset")
    pair = presets[preset]
    if pair is None:
        first, second = st.columns(2)
        before_label = first.selectbox("Earlier cycle", labels, index=end - 1, key="progress_before")
        after_label = second.selectbox("Later cycle", labels, index=end, key="progress_after")
        pair = (labels.index(before_label), labels.index(after_label))
    if pair[0] >= pair[1]:
        st.warning("Choose an earlier cycle on the left and a later one on the right.")
    else:
        comparison = comparison_of(usable[pair[0]], usable[pair[1]])
        gains_column, losses_column = st.columns(2)
        gains, losses = comparison.gains(), comparison.losses()
        with gains_column:
            st.markdown(f"**Biggest gains** ({comparison.count(Direction.UP)} elements up in all)")
            if gains:
                st.dataframe(_short_list(gains), hide_index=True, width="stretch", column_config=SHORT_LIST)
            else:
                st.caption("No element moved up by more than the spread of its answers.")
        with losses_column:
            st.markdown(f"**Biggest losses** ({comparison.count(Direction.DOWN)} elements down in all)")
            if losses:
                st.dataframe(_short_list(losses), hide_index=True, width="stretch", column_config=SHORT_LIST)
            else:
                st.caption("No element moved down by more than the spread of its answers.")
        st.caption(
            "Only real movement counts here: changes within members' disagreement and elements that are not "
            f"comparable (including those with {confidentiality.fewer_than(task_force.reporting_threshold)} "
            "in either cycle) are left out."
        )
        figures.show(keep("comparison chart", lambda: figures.prepare(charts.comparison_chart(comparison, framework)),
                          comparison.before.id, comparison.after.id))
        shown = st.multiselect(
            "Show elements that are", [charts.direction_label(d) for d in Direction],
            default=[charts.direction_label(d) for d in Direction], key="progress_filter",
        )
        table = keep("comparison table", lambda: charts.comparison_table(comparison), comparison.before.id,
                     comparison.after.id)
        table = table[table["Direction"].isin(shown)]
        st.dataframe(_style(table), hide_index=True, width="stretch")

with target_tab:
    targets = cached.read(progress.targets, member, task_force, task_force.id)
    if not targets:
        st.info("No targets are set yet. The lead sets a target stage per element on the Plan page; "
                "this tab then shows how far each targeted element has moved toward it.")
    else:
        since = st.radio("Measure from", ["When each target was set", "The first cycle"], horizontal=True,
                         key="progress_target_since")
        rows = keep("target progress", lambda: progress_rules.target_progress(
            scored, targets, since_first=since == "The first cycle"), since)
        reached = sum(1 for r in rows if r.status is progress_rules.TargetStatus.REACHED)
        st.markdown(f"**{reached} of {len(rows)} targets reached** (the newest score is at or above the target). "
                    "Partial progress counts only movement larger than the spread of members' answers.")
        st.dataframe(
            keep("target table", lambda: charts.target_table(rows), since), hide_index=True, width="stretch",
            column_config={"Way covered": st.column_config.ProgressColumn(
                "Way covered", help="Share of the way from the starting score to the target, counting only real movement",
                min_value=0, max_value=100, format="%d%%")},
        )

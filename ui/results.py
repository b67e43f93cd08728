"""Results of a cycle: where the task force stands, where members disagree, and
how the disciplines see each element. Every number comes from reports/tables.py,
which reads assessments/domain/scoring.py through assessments/usecases/results.py."""

import html

import pandas as pd
import streamlit as st

from assessments.domain import confidentiality, rotation
from assessments.domain.model import Discipline
from reports import charts, export, tables
from ui import cached, figures, state, text, widgets
from ui.text import literal

st.title("Results")
db = state.database()
member = state.require_member()
task_force = state.task_force_of(member)
state.demo_banner(task_force)

cycle = widgets.cycle_picker(member, task_force, "No assessment cycle has been opened yet, so there are no results. The lead opens a quarterly cycle first.", open_means="open")
with st.spinner(f"Scoring {cycle.label}"):
    report = cached.read(tables.cycle_report, member, task_force, cycle.id)
scores = report.scores


def keep(what: str, build, *key):
    """Charts and tables drawn from the cached report, built once per data version (ui/cached.py)."""
    return cached.kept(what, member, task_force, (cycle.id, *key), build)


threshold_rule = confidentiality.rule_text(report.threshold, task_force.notes_shown_from)
if not scores.has_figures:
    st.info(
        f"Nothing to show for {cycle.label} yet: {tables.respondents_text(report)}, and no figure from fewer than "
        f"{report.threshold} answers is shown, so that nobody's answer can be worked out. Nothing here is a zero. "
        + ("Members answer on the questionnaire while the cycle is open." if cycle.is_open
           else "This cycle is closed; choose another cycle above.")
    )
    st.caption(threshold_rule)
    st.stop()

st.caption(
    f"{text.literal(task_force.name)} · {cycle.label} ({'open: answers may still change' if cycle.is_open else 'closed'}) · "
    f"framework {text.literal(report.framework.id)} version {text.literal(report.framework.version)} · "
    f"{text.literal(tables.respondents_text(report))}."
)
st.caption(threshold_rule)

# Where the task force stands ---------------------------------------------------------
element_rows = keep("element table", lambda: tables.element_table(report))
function_rows = keep("function table", lambda: tables.function_table(report))
columns = st.columns(1 + len(scores.functions), border=True)
scored_elements = len(scores.elements) - len(scores.gaps)
with columns[0]:
    st.markdown("**Overall score**")
    st.metric("Overall score", "no score" if scores.overall is None else f"{scores.overall:.2f}",
              label_visibility="collapsed")
    carried_note = rotation.overall_note(scores)
    st.caption(
        f"mean of {len(scores.functions) - len(scores.unscored_functions)} of {len(scores.functions)} function "
        f"scores{'; ' + literal(carried_note) if carried_note else ''}; {scored_elements} of {len(scores.elements)} elements "
        f"scored; {tables.respondents_text(report)}"
    )
for column, (_, row) in zip(columns[1:], function_rows.iterrows()):
    with column:
        st.markdown(f"**{literal(row['Function'])}**")
        st.metric(literal(row["Function"]), "no score" if pd.isna(row["Score"]) else f"{row['Score']:.2f}",
                  label_visibility="collapsed")
        notes = [f"{row['Elements scored']} of {row['Elements']} elements scored", f"{row['Answers']} answers"]
        if row["Carried from"]:
            notes.insert(0, f"**carried from {row['Carried from']}**, not assessed in {cycle.label}")
        if row["Gaps"]:
            notes.append(f"{row['Gaps']} gap{'s' if row['Gaps'] > 1 else ''}")
        if row["Consensus elements"]:
            notes.append(f"{row['Consensus elements']} by consensus")
        st.caption(" · ".join(notes))

if scores.carried_functions:
    names = {f.id: f.name for f in report.framework.functions}
    carried_list = "; ".join(f"{names[f.function_id]} (from {f.carried_from})" for f in scores.carried_functions)
    st.info(
        f"**Carried scores.** {cycle.label} did not assess every function. These keep the scores of the last cycle "
        f"that assessed them, unchanged and marked *carried* in every chart, table and download: "
        f"{text.literal(carried_list)}. The overall score includes them. {rotation.RULE}"
    )
if scores.gaps:
    gap_list = "; ".join(
        f"{element_id} {report.framework.element(element_id).name}" for element_id in scores.gaps
    )
    st.warning(
        f"**{len(scores.gaps)} gap{'s' if len(scores.gaps) > 1 else ''}** ({report.withheld_text} and no consensus "
        f"stage): {text.literal(gap_list)}. Gaps are left out of the function scores, never counted as zero."
    )
else:
    st.caption(f"No gaps: every element has at least {report.threshold} stage answers or a consensus stage.")
if report.consensus:
    st.caption(
        f"{len(report.consensus)} element score{'s are' if len(report.consensus) > 1 else ' is'} the consensus stage "
        "the task force agreed on, marked **consensus** wherever it appears; the others are the median of answers."
    )

left, right = st.columns(2, gap="large")
with left:
    disagreements = keep("disagreement table", lambda: tables.disagreement_table(report, elements=element_rows))
    if disagreements.empty:
        st.header("Where members disagree")
        st.success(f"No element is flagged in {cycle.label}: answers span at most one stage everywhere, "
                   "and no two disciplines' medians differ by 2 or more.")
    else:
        figures.show(keep("disagreement chart", lambda: figures.prepare(charts.disagreement_chart(report, flagged=disagreements))))
        st.caption(f"{len(disagreements)} of {len(scores.elements)} elements are flagged; the chart shows up to 8, "
                   "widest spread first. Flagged: answers span 2 or more stages, or two disciplines' medians "
                   "differ by 2 or more.")
    with st.expander("Table behind the disagreement chart (all flagged elements)"):
        st.dataframe(disagreements, hide_index=True, width="stretch")

with right:
    present = [d for d in Discipline if any(g.group == d.value for g in report.breakdown)]
    if len(present) < 2:
        st.header("How disciplines see each element")
        st.info("Fewer than two disciplines answered this cycle, so there is nothing to compare.")
    else:
        first_default = Discipline.LAW_ENFORCEMENT if Discipline.LAW_ENFORCEMENT in present else present[0]
        second_default = Discipline.VICTIM_SERVICES if Discipline.VICTIM_SERVICES in present else present[1]
        pick_first, pick_second = st.columns(2)
        first = pick_first.selectbox("Compare discipline", present, index=present.index(first_default),
                                     format_func=lambda d: d.label)
        others = [d for d in present if d != first]
        second = pick_second.selectbox(
            "with discipline", others, index=others.index(second_default) if second_default in others else 0,
            format_func=lambda d: d.label,
        )
        comparable = {g.element_id for g in report.breakdown if g.group == first.value} & {
            g.element_id for g in report.breakdown if g.group == second.value}
        if comparable:
            figures.show(keep("discipline comparison", lambda: figures.prepare(
                charts.discipline_comparison(report, first.value, second.value)), first.value, second.value))
        else:
            st.info(
                f"No element shows a median for both {first.label} and {second.label} in {cycle.label}, so their "
                "views are not compared here. Choose another pair, or an earlier cycle."
            )
        st.caption(
            f"{len(comparable)} of {len(scores.elements)} elements show a median for both {first.label} and "
            f"{second.label}. {tables.discipline_rule(report)}"
        )
        with st.expander("Table behind the comparison"):
            pair = keep("discipline table", lambda: tables.discipline_table(report))
            st.dataframe(pair[pair["Discipline"].isin([first.label, second.label])], hide_index=True,
                         width="stretch")

figures.show(keep("function chart", lambda: figures.prepare(charts.function_chart(report))))
with st.expander("Table behind the function chart"):
    st.dataframe(function_rows, hide_index=True, width="stretch")

st.markdown(f"**{charts.HEATMAP_TITLE}**")
st.caption(literal(charts.heatmap_subtitle(report)))
for heatmap in keep("heatmaps", lambda: [figures.prepare(f) for f in charts.element_heatmaps(report)]):
    figures.show(heatmap)
with st.expander("Table behind the heatmap: every element's score, spread and disagreement"):
    st.dataframe(element_rows, hide_index=True, width="stretch")
with st.expander("Discipline breakdown table: each discipline's median, where the threshold lets it show"):
    st.dataframe(keep("discipline table", lambda: tables.discipline_table(report)), hide_index=True, width="stretch")

if report.consensus:
    st.header("Consensus stages")
    items = []
    for c in report.consensus:
        e = scores.element(c.element_id)
        items.append(
            f"<li><b>{html.escape(c.element_id)} {html.escape(report.framework.element(c.element_id).name)}</b>: "
            f"stage {c.stage} by consensus (median of answers: {e.withheld_text if e.withheld else f'{e.median:g}'}). "
            f"{html.escape(c.rationale)}</li>"
        )
    items = "".join(items)
    st.html(f"<ul style='margin:0'>{items}</ul>")

# Downloads -----------------------------------------------------------------------------
st.header("Download these scores")
st.caption("Scores, counts and spreads only: no member names, individual answers or evidence notes, and no "
           f"figure from {report.withheld_text}. Every file names the framework, its version, the cycle and the "
           "reporting threshold.")
csv_col, xlsx_col, json_col = st.columns(3)
# Each file is built when its button is clicked (Streamlit runs the callable then, off the page's
# rerun); if building fails, the button says so and the rest of the page stays.
csv_col.download_button("Elements (CSV)", lambda: export.to_csv(report), export.file_name(report, "csv", "elements"),
                        mime="text/csv", icon=":material/download:")
xlsx_col.download_button(
    "All tables (Excel)", lambda: export.to_excel(report), export.file_name(report, "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
)
json_col.download_button("All tables (JSON)", lambda: export.to_json(report), export.file_name(report, "json"),
                         mime="application/json", icon=":material/download:")

"""Consensus meeting (lead only): element by element, look at the distribution of
answers and the anonymous evidence notes, then record the stage the task force
agreed on with a one-line rationale, or clear it."""

import html

import streamlit as st

from assessments.domain import confidentiality
from assessments.domain.model import RATIONALE_MAX_CHARS, DomainError
from assessments.usecases import consensus
from reports import charts, tables
from ui import cached, figures, state, widgets
from ui.text import literal

ELEMENT_KEY = "consensus_element_index"
FLASH_KEY = "consensus_flash"

st.title("Consensus meeting")
db = state.database()
lead = state.require_lead()
task_force = state.task_force_of(lead)
state.demo_banner(task_force)
st.caption(
    "Go through the elements with the task force. Where members see an element differently, talk it through and "
    "record the stage you agree on, with a one-line rationale. The agreed stage replaces the median of answers as "
    "the element's score and is marked as consensus wherever the score appears."
)

cycle = widgets.cycle_picker(lead, task_force, "No assessment cycle has been opened yet, so there is nothing to discuss.", open_means="open")
report = cached.read(tables.cycle_report, lead, task_force, cycle.id)
st.caption(confidentiality.rule_text(report.threshold, task_force.notes_shown_from))
if report.scores.respondents is None:
    st.info(f"{tables.respondents_text(report).capitalize()} in {cycle.label}, so no element's answers can be shown "
            "yet. You can still record a stage the task force agrees on.")

only_disputed = st.toggle("Only elements members disagree on", value=False)
elements = [e for e in report.scores.elements if e.disagreement or not only_disputed]
if not elements:
    st.success(f"No element is flagged for disagreement in {cycle.label}.")
    st.stop()


def element_option(index: int) -> str:
    e = elements[index]
    name = report.framework.element(e.element_id).name
    flags = [f"score {tables.score_text(e)}", e.answers_text]
    if e.disagreement:
        flags.append("disagreement")
    return f"{e.element_id} {name} · " + " · ".join(flags)


index = min(st.session_state.get(ELEMENT_KEY, 0), len(elements) - 1)
back, chooser, forward = st.columns([1, 8, 1], vertical_alignment="bottom")
if back.button("Previous", disabled=index == 0, width="stretch"):
    index -= 1
if forward.button("Next", disabled=index >= len(elements) - 1, width="stretch"):
    index += 1
st.session_state[ELEMENT_KEY] = index
index = chooser.selectbox(
    f"Element ({len(elements)} to go through)", range(len(elements)), index=index, format_func=element_option,
)
st.session_state[ELEMENT_KEY] = index
element_id = elements[index].element_id
element = report.framework.element(element_id)

try:
    review = cached.read(consensus.element_review, lead, task_force, cycle.id, element_id)
except DomainError as error:
    st.error(literal(error))
    st.stop()

flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)

score = review.score
left, right = st.columns([3, 2])
with left:
    if score.withheld:
        st.info(f"{literal(element_id)} has {tables.answers_text(score)}: its distribution, median and range are not shown, "
                "so that nobody's answer can be worked out. The task force can still agree a stage for it below.")
    else:
        figures.show(charts.distribution_chart(report, element_id))
        facts = [f"median of answers {score.median:g}", tables.answers_text(score),
                 f"range {tables.stage_range(score)}"]
        st.caption(" · ".join(facts))
    for reason in score.disagreement_reasons:
        st.warning(f"Disagreement: {reason}")
    groups = [f"{tables.discipline_label(g.group)}: median {g.median:g} from {g.answers} answers" for g in review.groups]
    if groups:
        st.markdown("**By discipline**\n" + "\n".join(f"- {literal(line)}" for line in groups))
    if not score.withheld:
        st.caption(tables.discipline_rule(report))
    with st.expander("What each stage looks like for this element"):
        for stage in report.framework.stages:
            st.markdown(f"**{stage.number} {literal(stage.name)}**: {literal(element.descriptor(stage.number))}")

with right:
    st.markdown(f"**Evidence notes ({len(review.notes)})**")
    st.caption("Anonymous: the note text only. The discipline is shown only where the discipline breakdown shows "
               "that discipline's median for this element.")
    if review.notes_withheld:
        st.caption(f"Notes on this element appear once at least {review.notes_threshold} members have answered it.")
    elif review.notes:
        items = "".join(
            f"<li style='margin-bottom:0.5em'>{html.escape(n.text)}<br>"
            f"<span style='color:#555;font-size:0.85em'>{html.escape(n.attribution)}</span></li>"
            for n in review.notes
        )
        st.html(f"<ul style='margin:0;padding-left:1.2em'>{items}</ul>")
    else:
        st.caption("No member wrote an evidence note for this element.")

st.header("Agreed stage")
if review.consensus is not None:
    c = review.consensus
    st.info(literal(
        f"Recorded: stage {c.stage} ({report.framework.stage(c.stage).name}) by consensus on "
        f"{c.recorded_at:%Y-%m-%d}. Rationale: {c.rationale}"
    ))
stage_names = {s.number: f"{s.number} {literal(s.name)}" for s in report.framework.stages}  # radio options are Markdown
default_stage = review.consensus.stage if review.consensus else (round(score.median) if score.median else 3)
with st.form(f"consensus-{cycle.id}-{element_id}"):
    stage = st.radio("Stage the task force agreed on", list(stage_names), index=default_stage - 1,
                     format_func=stage_names.get, horizontal=True)
    rationale = st.text_input(
        "Rationale (one line)", value=review.consensus.rationale if review.consensus else "",
        max_chars=RATIONALE_MAX_CHARS,
        placeholder="Why the task force agreed on this stage, for example the evidence it looked at",
    )
    submitted = st.form_submit_button("Record agreed stage", type="primary")
if submitted:
    try:
        consensus.record_consensus(db, lead.actor, cycle.id, element_id, stage, rationale)
    except DomainError as error:
        st.error(literal(error))
    else:
        st.session_state[FLASH_KEY] = f"Recorded stage {stage} by consensus for {literal(element_id)}."
        st.rerun()

if review.consensus is not None and st.button("Clear the agreed stage (score by the median of answers again)"):
    try:
        consensus.clear_consensus(db, lead.actor, cycle.id, element_id)
    except DomainError as error:
        st.error(literal(error))
    else:
        st.session_state[FLASH_KEY] = f"Cleared the agreed stage for {literal(element_id)}; it is scored by the median again."
        st.rerun()

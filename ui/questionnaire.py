"""Answer the questionnaire: one function at a time, every change saved at once.

There is no save button: each stage choice and each note is saved by its widget's
on_change callback. Widget keys carry the cycle and element ids, and a fresh
session seeds them from the database, so another browser shows the same answers.
A note the service refuses stays in its box (and in a draft key that survives
switching functions) so nothing typed is lost.
"""

from __future__ import annotations

import streamlit as st

from assessments.domain.model import NOTE_MAX_CHARS, Actor, DomainError, Role, check_note
from assessments.domain.scoring import ScoreSource
from assessments.usecases import cycles, questionnaire
from roadmap import reading
from roadmap.glossary import terms_used
from ui import cached, state
from ui.text import literal

DONT_KNOW = "dont_know"
STAGE_OPTIONS = [1, 2, 3, 4, 5, DONT_KNOW]
REOPENED_KEY = "q-reopened-by-change"
BEST_FIT = (
    "Choose the stage that fits best: a stage is the best fit, not a checklist every clause must meet. "
    "Stage 1 is a normal place to start."
)


def _keys(cycle_id: int, element_id: str) -> dict[str, str]:
    suffix = f"{cycle_id}-{element_id}"
    return {name: f"q-{name}-{suffix}" for name in ("stage", "note", "draft", "error")}


def _stage_value(answer) -> int | str | None:
    if answer is None:
        return None
    return DONT_KNOW if answer.stage is None else answer.stage


def _save(actor: Actor, cycle_id: int, element_id: str, stage, note: str) -> bool:
    keys = _keys(cycle_id, element_id)
    try:
        saved = questionnaire.save_answer(
            state.database(), actor, cycle_id, element_id, None if stage == DONT_KNOW else stage, note
        )
    except DomainError as error:
        st.session_state[keys["error"]] = str(error)
        return False
    st.session_state.pop(keys["error"], None)
    if saved.reopened:
        st.session_state[REOPENED_KEY] = True
    return True


def _saved_note(actor: Actor, cycle_id: int, element_id: str) -> str:
    answers = questionnaire.my_answers(state.database(), actor, cycle_id)
    return next((a.note for a in answers if a.element_id == element_id), "")


def _on_stage(actor: Actor, cycle_id: int, element_id: str) -> None:
    keys = _keys(cycle_id, element_id)
    stage = st.session_state.get(keys["stage"])
    if stage is None:
        return
    typed = st.session_state.get(keys["note"], "")
    if len(typed) <= NOTE_MAX_CHARS:
        _save(actor, cycle_id, element_id, stage, typed)
        return
    # The over-long note stays in its box with its error; the stage saves with the last saved note.
    if _save(actor, cycle_id, element_id, stage, _saved_note(actor, cycle_id, element_id)):
        st.session_state[keys["error"]] = _note_refusal(typed)


def _note_refusal(note: str) -> str:
    try:
        check_note(note)
    except DomainError as error:
        return str(error)
    return ""


def _on_note(actor: Actor, cycle_id: int, element_id: str) -> None:
    keys = _keys(cycle_id, element_id)
    note = st.session_state.get(keys["note"], "")
    stage = st.session_state.get(keys["stage"])
    # A note typed before a stage is chosen is saved as "don't know" with the note,
    # so it is never lost; the member can pick a stage afterwards.
    if _save(actor, cycle_id, element_id, DONT_KNOW if stage is None else stage, note):
        st.session_state.pop(keys["draft"], None)
        if stage is None:
            st.session_state[keys["stage"]] = DONT_KNOW
    else:
        st.session_state[keys["draft"]] = note


def _on_submit(actor: Actor, cycle_id: int) -> None:
    try:
        questionnaire.submit_answers(state.database(), actor, cycle_id)
    except DomainError as error:
        st.session_state["q-submit-error"] = str(error)
    else:
        st.session_state.pop("q-submit-error", None)
        st.session_state.pop(REOPENED_KEY, None)


def _on_reopen(actor: Actor, cycle_id: int) -> None:
    try:
        questionnaire.reopen_answers(state.database(), actor, cycle_id)
    except DomainError as error:
        st.session_state["q-submit-error"] = str(error)


def _stage_label(framework, element):
    def label(option) -> str:
        if option == DONT_KNOW:
            return "**Don't know / not my area** (recorded, but not counted as a score)"
        stage = framework.stage(option)
        return f"**{stage.number} · {literal(stage.name)}:** {literal(element.descriptor(option))}"

    return label


def _element_title(element, answer, index: int, count: int) -> str:
    if answer is None:
        state_text = "not answered"
    else:
        state_text = "don't know" if answer.stage is None else f"stage {answer.stage}"
    return f"{literal(element.id)} · {literal(element.name)} ({index + 1} of {count}, {state_text})"


def _show_element(current_key: str, element_id: str) -> None:
    st.session_state[current_key] = element_id


def _when(moment) -> str:
    return f"{moment:%d %b %Y, %H:%M} UTC"


def _score_text(row: questionnaire.ElementComparison) -> str:
    if row.hidden_reason:
        return f"not shown: {row.hidden_reason}"
    if row.source is ScoreSource.CONSENSUS:
        return f"{row.task_force_score:g} (agreed at the consensus meeting)"
    return f"{row.task_force_score:g} (median of {row.answers} answers)"


def _my_text(row: questionnaire.ElementComparison) -> str:
    if not row.answered:
        return "not answered"
    return "don't know" if row.my_stage is None else str(row.my_stage)


st.title("Questionnaire")
db = state.database()
member = state.require_member(Role.LEAD, Role.MEMBER)  # funders read results; they do not answer
task_force = state.task_force_of(member)
state.demo_banner(task_force)

task_force_cycles = list(reversed(cached.read(cycles.list_cycles, member, task_force, task_force.id)))
open_cycle = next((c for c in task_force_cycles if c.is_open), None)
if open_cycle is None:
    where = (
        "As the lead, you open the next cycle on the Admin page."
        if member.is_lead
        else "Your task force lead opens the next one; you will be able to answer here then."
    )
    st.info(f"No assessment cycle is open right now. {where}")
    if not task_force_cycles:
        st.stop()

cycle = st.selectbox(
    "Assessment cycle", task_force_cycles, index=task_force_cycles.index(open_cycle) if open_cycle else 0, key="q-cycle",
    format_func=lambda c: f"{c.label} ({'open' if c.is_open else 'closed, read-only'})",
)
sheet = cached.read(questionnaire.member_sheet, member, task_force, cycle.id)
framework = sheet.framework

# Who sees what, in two sentences, before the first answer; a quieter reminder afterwards.
who_sees_what = (
    f"Nobody, your lead included, sees your name beside an answer, and no figure from fewer than "
    f"{task_force.reporting_threshold} answers is shown to anyone. Your evidence notes go to your task force lead "
    f"without your name, once at least {task_force.notes_shown_from} members have answered that element, and the lead "
    "may quote them in the report for funders."
)
if sheet.editable and not sheet.answers:
    st.info(f"**Who sees your answers.** {who_sees_what}")
else:
    st.caption(f"Who sees your answers: {who_sees_what}")

if not cycle.is_open:
    closed = f" on {cycle.closed_at:%d %B %Y}" if cycle.closed_at else ""
    st.info(f"Cycle {cycle.label} closed{closed}. Its answers are read-only: you can read yours, not change them.")
elif sheet.submitted:
    st.success(
        f"You submitted your answers for {cycle.label} on {_when(sheet.submitted_at)}. "
        "They are locked; to change one, reopen them (nothing is lost) and submit again."
    )
    st.button("Reopen my answers", on_click=_on_reopen, args=(member.actor, cycle.id))
else:
    if st.session_state.pop(REOPENED_KEY, False):
        st.warning(
            "You changed an answer after submitting, so your answers are reopened. "
            "The change is saved; submit again when you are done."
        )
    st.caption(
        "Answer the elements you know. Every choice and note is saved the moment you make it; there is no "
        "save button, and you can leave and come back from any browser. \"Don't know / not my area\" is a "
        "good answer when it is true. These stages describe how a task force matures; they are for reflection, "
        "not a pass/fail test."
    )
st.markdown(f"**{BEST_FIT}**")
if cycle.functions is not None:
    st.info(
        f"Cycle {cycle.label} assesses {literal(', '.join(f.name for f in sheet.functions))} only. The other functions "
        "keep the scores of the last cycle that assessed them, marked as carried in the results."
    )
if "q-submit-error" in st.session_state:
    st.error(literal(st.session_state.pop("q-submit-error")))

progress = sheet.progress
if progress.total:
    optional = f"; {progress.optional_answered} more in optional functions" if progress.optional_answered else ""
    st.progress(
        progress.answered / progress.total,
        text=f"Overall: {progress.answered} of {progress.total} elements answered{optional}",
    )
else:
    st.caption(f"Every function is optional for your discipline; you answered {progress.optional_answered}.")

function_key = f"q-function-{cycle.id}"
shown_functions = sheet.functions  # rotation: only the functions this cycle assesses
relevant_ids = [f.function_id for f in progress.functions if f.relevant]
if st.session_state.get(function_key) not in {f.id for f in shown_functions}:
    st.session_state[function_key] = (relevant_ids or [shown_functions[0].id])[0]


def _function_label(function_id: str) -> str:
    shown = progress.function(function_id)
    optional = " (optional for you)" if not shown.relevant else ""
    return f"{shown.name} · {shown.answered}/{shown.total}{optional}"  # a select box's options are plain text


# A select box, not a row of buttons: five long function names fit a 390 px phone on one line.
function_id = st.selectbox("Function", [f.id for f in shown_functions], key=function_key, format_func=_function_label)
function = next(f for f in shown_functions if f.id == function_id)
shown = progress.function(function.id)
if function.summary:
    st.caption(literal(function.summary))
st.caption(f"Reading time for this function: about {max(1, round(sheet.reading_minutes(function.id)))} minutes "
           f"at {reading.WORDS_PER_MINUTE} words a minute.")
if not shown.relevant:
    st.info(
        f"Your lead marked this function as optional for {member.discipline.label}. "
        "Answer what you know; skipping it is fine."
    )
st.progress(shown.answered / shown.total, text=f"{literal(function.name)}: {shown.answered} of {shown.total} answered")

if sheet.submitted or not cycle.is_open:
    with st.expander("How your answers compare with the task force", expanded=sheet.submitted):
        try:
            rows = [r for r in cached.read(questionnaire.member_comparison, member, task_force, cycle.id) if r.function_id == function.id]
        except DomainError as error:
            st.caption(literal(error))
        else:
            st.dataframe(
                [
                    {"Element": f"{r.element_id} {framework.element(r.element_id).name}",
                     "Your answer": _my_text(r), "Task force": _score_text(r)}
                    for r in rows
                ],
                hide_index=True, width="stretch",
            )
            st.caption("The task force score is the consensus stage where one was agreed, else the median of members' "
                       f"stages. A median from fewer than {task_force.reporting_threshold} answers is not shown, "
                       "so that nobody's answer can be worked out from it.")

# One element open at a time, the first unanswered by default, with Previous and Next inside it:
# on a phone a function is a screen or two, not fourteen. The others stay one line each and open on a tap.
elements = function.elements
current_key = f"q-current-{cycle.id}-{function.id}"
if st.session_state.get(current_key) not in {e.id for e in elements}:
    st.session_state[current_key] = next((e.id for e in elements if e.id not in sheet.answers), elements[0].id)
functions = [f.id for f in shown_functions]
following = functions[functions.index(function.id) + 1] if function.id != functions[-1] else None

for index, element in enumerate(elements):
    keys = _keys(cycle.id, element.id)
    answer = sheet.answers.get(element.id)
    if keys["stage"] not in st.session_state:
        st.session_state[keys["stage"]] = _stage_value(answer)
    if keys["note"] not in st.session_state:
        st.session_state[keys["note"]] = st.session_state.get(keys["draft"], answer.note if answer else "")
    is_current = element.id == st.session_state[current_key]
    with st.expander(_element_title(element, answer, index, len(elements)), expanded=is_current,
                     icon=":material/check_circle:" if answer is not None else ":material/radio_button_unchecked:"):
        st.markdown(f"*{literal(element.intent)}*")
        # Smaller than the stage choices: they help reflection, the stages are the answer.
        st.caption("**To reflect on**\n" + "\n".join(f"- {literal(prompt)}" for prompt in element.prompts))
        defined = terms_used("\n".join(reading.element_text(framework, element)), framework.glossary)
        if defined:
            # A popover, since an expander cannot hold another; on a phone it opens over the page.
            with st.popover(f"Terms used ({len(defined)})"):
                st.markdown("\n".join(f"- **{literal(entry.term)}**: {literal(entry.definition)}" for entry in defined))
        st.radio(
            f"Where is the task force today on {literal(element.name)}?", STAGE_OPTIONS, index=None, key=keys["stage"],
            format_func=_stage_label(framework, element), on_change=_on_stage,
            args=(member.actor, cycle.id, element.id), disabled=not sheet.editable,
        )
        st.text_area(
            "Evidence (optional): what makes you say so? A document, a meeting, a case.",
            key=keys["note"], on_change=_on_note, args=(member.actor, cycle.id, element.id),
            disabled=not sheet.editable, height=80,
            help=f"Up to {NOTE_MAX_CHARS:,} characters. Saved when you click outside the box (or press Ctrl+Enter). "
                 "Your lead reads it without your name and may quote it in the funder report.",
        )
        if keys["error"] in st.session_state:
            st.error(literal(st.session_state[keys["error"]]))
        elif answer is not None:
            st.caption(f"Saved {_when(answer.updated_at)}")
        back, forward = st.columns(2)
        if index > 0:
            back.button("Previous element", key=f"q-back-{cycle.id}-{element.id}", icon=":material/arrow_back:",
                        on_click=_show_element, args=(current_key, elements[index - 1].id), width="stretch")
        if index + 1 < len(elements):
            forward.button("Next element", key=f"q-forward-{cycle.id}-{element.id}", icon=":material/arrow_forward:",
                           on_click=_show_element, args=(current_key, elements[index + 1].id), width="stretch")
        elif following is not None:
            forward.button(f"Next function: {literal(progress.function(following).name)}",
                           key=f"q-forward-{cycle.id}-{element.id}", icon=":material/arrow_forward:",
                           on_click=lambda: st.session_state.update({function_key: following}), width="stretch")

if sheet.editable:
    st.divider()
    st.header("Submit")
    unanswered = progress.total - progress.answered
    gaps = (
        f" {unanswered} element(s) in the functions asked of you are unanswered; they stay gaps in the results, never zeros."
        if unanswered > 0 else ""
    )
    st.write(
        f"Submitting marks your answers for {cycle.label} as final.{gaps} "
        "You can reopen them until the cycle closes, and after submitting you see how your answers compare "
        "with the task force."
    )
    st.button("Submit my answers", type="primary", on_click=_on_submit, args=(member.actor, cycle.id))

"""Lead only: the task force, its framework, and its quarterly cycles."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessments.domain import confidentiality
from assessments.domain import paper_round as paper_round_template
from assessments.domain.confidentiality import HIGHEST_THRESHOLD, LOWEST_THRESHOLD
from assessments.domain.model import DomainError, cycle_label_for
from assessments.domain.paper import Paper
from assessments.usecases import cycles, frameworks, paper_round, report_settings, task_forces
from roadmap import reading
from roadmap.load import DEFAULT_FRAMEWORK_FILE
from ui import state
from ui.text import literal

FLASH = "admin_flash"
CONFIRM_CLOSE = "admin_confirm_close_cycle"
UPLOADS = "admin_framework_uploads"

st.title("Task force settings")
db = state.database()
member = state.require_lead()
task_force = state.task_force_of(member)
state.demo_banner(task_force)

if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))  # done() messages escape what they quote



def done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def version_label(usage: frameworks.FrameworkUsage) -> str:
    return f"{usage.title} (version {usage.version}, id {usage.framework_id})"


def paper_round_import(cycle) -> None:
    """Answers given on paper or in a form tool, typed into the template, into the open cycle."""
    st.subheader(f"Answers from paper into {cycle.label}")
    st.caption("Where some members cannot use the app, they answer on paper or in a form tool; type their "
               "answers into the template, one row per answer, and import the file here. The answers count like "
               "any other, each member on the sheet is marked as submitted, and the audit log records the file. "
               "The whole file is checked first: if any row has a problem, nothing is imported and every "
               "problem is listed by row and column. A file never replaces an answer already given.")
    st.download_button("Download the CSV template", paper_round_template.template(), file_name="waypoint-paper-round.csv",
                       mime="text/csv", icon=":material/download:")
    st.markdown("\n".join(f"- **{name}**: {literal(text)}" for name, text in paper_round_template.COLUMN_HELP.items()))
    with st.expander("Members and their pseudonyms (a sheet may use either the email or the pseudonym)"):
        st.dataframe(pd.DataFrame([
            {"Pseudonym": r.pseudonym, "Name": r.name, "Email": r.email or "", "Discipline": r.discipline}
            for r in paper_round.respondents(db, member.actor, task_force.id)
        ]), hide_index=True, width="stretch")
    uploaded = st.file_uploader("Filled-in template (CSV, UTF-8)", type=["csv"], key="paper-round-file",
                                max_upload_size=20)
    if uploaded is not None and st.button(f"Import {literal(uploaded.name)} into {cycle.label}", type="primary"):
        bar = st.progress(0.0, text="Reading the file")
        try:
            imported = paper_round.import_paper_round(
                db, member.actor, cycle.id, uploaded.getvalue(), uploaded.name,
                progress=lambda fraction, text: bar.progress(min(1.0, fraction), text=text))
        except DomainError as error:
            bar.empty()
            st.error(literal(error))
        else:
            done(f"Imported {imported.answers} answers from {imported.members} members into {imported.cycle_label}.")


all_cycles = cycles.list_cycles(db, member.actor, task_force.id)
open_cycle = next((c for c in all_cycles if c.is_open), None)

# (a) task force ---------------------------------------------------------------------
st.header("Task force")
st.markdown(f"**{literal(task_force.name)}**  \nJurisdiction: {literal(task_force.jurisdiction)}")

st.subheader("Framework for the next cycle")
usage = frameworks.framework_usage(db, member.actor, task_force.id)
chosen_index = next((i for i, u in enumerate(usage) if u.chosen_for_next_cycle), 0)
choice = st.selectbox(
    "The next cycle you open will use", usage, index=chosen_index, format_func=version_label, key="admin_framework_choice",
)
if open_cycle is not None:
    st.caption(
        f"Cycle {open_cycle.label} is open and keeps the framework it was opened with "
        f"({literal(open_cycle.framework_id)} version {literal(open_cycle.framework_version)}); a change here applies from the next cycle."
    )
if choice is not None and not choice.chosen_for_next_cycle:
    if st.button("Use this framework for the next cycle"):
        try:
            frameworks.choose_framework(db, member.actor, task_force.id, choice.framework_id, choice.version)
        except DomainError as error:
            st.error(literal(error))
        else:
            done(f"The next cycle will use {literal(version_label(choice))}.")

st.subheader("Reporting threshold")
st.caption(
    "How many answers a figure needs before anyone sees it, you and funders included. A higher threshold protects "
    "members better and shows fewer figures. It applies at once to every cycle, past ones too, on every page, "
    "export and PDF; every change is in the audit log."
)
with st.form("thresholds"):
    reporting = st.number_input(
        "Reporting threshold (answers)", min_value=LOWEST_THRESHOLD, max_value=HIGHEST_THRESHOLD, step=1,
        value=task_force.reporting_threshold,
        help="No median, distribution, count or discipline figure from fewer answers is shown.",
    )
    notes = st.number_input(
        "Evidence notes threshold (members who answered the element)", min_value=LOWEST_THRESHOLD,
        max_value=HIGHEST_THRESHOLD, step=1, value=task_force.notes_shown_from,
        help="A note's wording can identify its writer more easily than a number, so notes may need more answers "
             "around them. It cannot be lower than the reporting threshold.",
    )
    if st.form_submit_button("Save thresholds"):
        try:
            updated = task_forces.set_thresholds(db, member.actor, task_force.id, int(reporting), int(notes))
        except DomainError as error:
            st.error(literal(error))
        else:
            done(f"Reporting threshold {updated.reporting_threshold} answers; evidence notes from "
                 f"{updated.notes_shown_from} answers.")
st.caption(confidentiality.rule_text(task_force.reporting_threshold, task_force.notes_shown_from))

st.subheader("Paper of the PDF report")
papers = list(Paper)
paper = st.radio("Paper size", papers, index=papers.index(task_force.paper), format_func=lambda p: p.label,
                 horizontal=True, key="admin_paper",
                 help="US Letter suits US agencies; choose A4 for readers who print on it. The change is in the audit log.")
if paper is not task_force.paper:
    try:
        report_settings.set_paper(db, member.actor, task_force.id, paper)
    except DomainError as error:
        st.error(literal(error))
    else:
        done(f"The PDF report is laid out on {paper.label} from now on.")

# (b) frameworks --------------------------------------------------------------------
st.header("Frameworks")
st.markdown(
    "A task force may assess itself against its own framework file, for example the official Roadmap "
    "or a version edited for local practice. Start from the bundled file, change the wording, "
    "**give it a new `version`**, and upload it here. A file uploaded here is for this task force alone; "
    "the installation's administrator can add one for every task force. Every cycle keeps the framework "
    "version it was opened with, so older scores stay readable."
)
st.download_button(
    "Download the bundled framework file",
    data=DEFAULT_FRAMEWORK_FILE.read_bytes(),
    file_name=DEFAULT_FRAMEWORK_FILE.name,
    mime="application/x-yaml",
    icon=":material/download:",
)
uploaded = st.file_uploader(
    "Upload a framework file (YAML)", type=["yaml", "yml"], key="admin_framework_file", max_upload_size=2,
)
if uploaded is not None:
    # Check each uploaded file once; the uploader keeps the file across reruns.
    results = st.session_state.setdefault(UPLOADS, {})
    if uploaded.file_id not in results:
        with st.spinner(f"Checking {uploaded.name}"):
            try:
                results[uploaded.file_id] = frameworks.upload_framework(db, member.actor, task_force.id, uploaded.getvalue(), uploaded.name)
            except DomainError as error:
                results[uploaded.file_id] = error
    result = results[uploaded.file_id]
    if isinstance(result, DomainError):
        st.error(f"{literal(result)}\n\nNothing was saved. Fix the file and upload it again.")
    elif result.already_stored:
        st.info(f"{literal(result.title)} version {literal(result.version)} is already stored with exactly this content.")
    else:
        st.success(
            f"Stored {literal(result.title)} version {literal(result.version)}. "
            "Choose it under *Framework for the next cycle* to use it."
        )
        usage = frameworks.framework_usage(db, member.actor, task_force.id)

st.subheader("Stored frameworks")
st.table(
    pd.DataFrame(
        [
            {
                "Version": u.version,
                "Id": u.framework_id,
                "Framework": u.title,
                "Cycles that used it": ", ".join(u.cycle_labels) or "none yet",
                "Next cycle": "yes" if u.chosen_for_next_cycle else "",
                "Added": u.added_at.date().isoformat(),
            }
            for u in usage
        ]
    ),
    hide_index=True,
)

# (c) cycles ---------------------------------------------------------------------------
st.header("Cycles")
st.caption("A task force answers one quarterly cycle at a time. Closing a cycle makes its answers read-only.")

if open_cycle is None:
    st.subheader("Open a cycle")
    proposed = cycles.proposed_label(db, member.actor, task_force.id)
    next_framework = frameworks.framework_of_task_force(db, task_force)
    with st.form("admin_open_cycle"):
        label = st.text_input("Cycle label (YYYY-QN)", value=proposed)
        this_quarter = cycle_label_for(date.today())
        if proposed != this_quarter:
            st.caption(f"{this_quarter} already exists: reopen it below, or open another quarter.")
        minutes = {f.id: reading.sitting(next_framework, [f.id]).minutes for f in next_framework.functions}
        # Option labels are plain text, not Markdown, so the names need no escaping here.
        chosen_functions = st.multiselect(
            "Functions this cycle assesses", [f.id for f in next_framework.functions],
            default=[f.id for f in next_framework.functions], key="admin_cycle_functions",
            format_func=lambda fid: f"{next(f.name for f in next_framework.functions if f.id == fid)} "
                                    f"(about {minutes[fid]:.0f} min to read)",
        )
        st.caption(
            "Rotation keeps a member's sitting short: assess some functions this quarter and the rest later. "
            "A function left out keeps the scores of the last cycle that assessed it on the same framework version, "
            "marked as carried everywhere; the first cycle on a framework version assesses every function."
        )
        opened = st.form_submit_button("Open cycle", type="primary")
    if opened:
        try:
            cycle = cycles.open_cycle(db, member.actor, task_force.id, label, functions=chosen_functions)
        except DomainError as error:
            st.error(literal(error))
        else:
            covered = "every function" if cycle.functions is None else "functions " + ", ".join(cycle.functions)
            done(f"Cycle {cycle.label} is open, using {literal(cycle.framework_id)} version "
                 f"{literal(cycle.framework_version)}, assessing {literal(covered)}.")
else:
    st.subheader(f"Open cycle: {open_cycle.label}")
    summary = cycles.close_cycle_summary(db, member.actor, open_cycle.id)
    st.markdown(
        f"Opened {open_cycle.opened_at:%d %B %Y}, using {literal(open_cycle.framework_id)} version "
        f"{literal(open_cycle.framework_version)}"
        + ("" if open_cycle.functions is None else f", assessing {literal(', '.join(open_cycle.functions))} only")
        + f". **{summary.submitted} of {summary.members}** members have submitted."
    )
    if st.session_state.get(CONFIRM_CLOSE) != open_cycle.id:
        if st.button(f"Close {open_cycle.label}…"):
            st.session_state[CONFIRM_CLOSE] = open_cycle.id
            st.rerun()
    else:
        st.warning(f"{summary.message} Close {open_cycle.label} now?")
        confirm, cancel = st.columns([1, 4])
        if confirm.button(f"Yes, close {open_cycle.label}", type="primary"):
            st.session_state.pop(CONFIRM_CLOSE, None)
            try:
                cycles.close_cycle(db, member.actor, open_cycle.id)
            except DomainError as error:
                st.error(literal(error))
            else:
                done(f"Cycle {open_cycle.label} is closed.")
        if cancel.button("Cancel"):
            st.session_state.pop(CONFIRM_CLOSE, None)
            st.rerun()
    paper_round_import(open_cycle)

closed = [c for c in reversed(all_cycles) if not c.is_open]
if closed:
    st.subheader("Reopen a closed cycle")
    to_reopen = st.selectbox("Closed cycle", closed, format_func=lambda c: c.label)
    if open_cycle is not None:
        st.caption(f"Close {open_cycle.label} first: only one cycle can be open at a time.")
    if st.button("Reopen", disabled=open_cycle is not None):
        try:
            cycle = cycles.reopen_cycle(db, member.actor, to_reopen.id)
        except DomainError as error:
            st.error(literal(error))
        else:
            done(f"Cycle {cycle.label} is open again; members can change their answers until you close it.")

st.subheader("All cycles")
if not all_cycles:
    st.info("No cycle yet. Open the first one above.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Cycle": c.label,
                    "Status": c.status.value,
                    "Framework": f"{c.framework_id} {c.framework_version}",
                    "Functions assessed": "all" if c.functions is None else ", ".join(c.functions),
                    "Opened": c.opened_at.date().isoformat(),
                    "Closed": c.closed_at.date().isoformat() if c.closed_at else "",
                }
                for c in reversed(all_cycles)
            ]
        ),
        hide_index=True,
        width="stretch",
    )

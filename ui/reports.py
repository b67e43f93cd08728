"""Reports: the PDF for funders, with the evidence notes the lead chooses, and the
spreadsheet, CSV and JSON exports. For leads and funders; only a lead chooses notes.
Every file taken is recorded in the audit log."""

from datetime import date

import streamlit as st

from assessments.domain.model import DomainError, Role
from assessments.usecases import backups, exports, frameworks, report_notes, task_force_data
from reports import export, tables, task_force_export
from reports.pdf import build_pdf
from ui import cached, state, widgets
from ui.text import literal

st.title("Reports")
db = state.database()
reader = state.require_member(Role.LEAD, Role.FUNDER)
task_force = state.task_force_of(reader)
state.demo_banner(task_force)

cycle = widgets.cycle_picker(reader, task_force, "No assessment cycle has been opened yet, so there is nothing to report. Open a quarterly cycle first.", open_means="open: answers may still change")


def record(what: str) -> None:
    exports.record_export(db, reader.actor, cycle.id, what)


def choose_notes() -> None:
    """The lead picks which anonymous evidence notes the PDF's appendix may quote."""
    st.header("Evidence notes in the PDF appendix")
    st.caption("Choose which notes funders may read. Notes are shown and printed without the names of the "
               "members who wrote them; none is included until you tick it.")
    framework = frameworks.framework_of_cycle(db, cycle)
    try:
        notes = cached.read(report_notes.notes_for_lead, reader, task_force, cycle.id)
    except DomainError as error:
        st.error(literal(error))
        st.stop()
    if not notes:
        st.info(f"Nobody wrote an evidence note in {cycle.label}.")
        return
    chosen = sum(1 for n in notes if n.in_report)
    st.caption(f"{chosen} of {len(notes)} notes included.")
    for note in notes:
        try:
            element = framework.element(note.element_id).name
        except KeyError:
            element = note.element_id
        with st.container(border=True):
            st.caption(f"{literal(note.element_id)} {literal(element)}")
            st.text(note.text)
            included = st.checkbox("Include in the PDF", value=note.in_report, key=f"note-{note.key}")
            if included != note.in_report:
                try:
                    report_notes.set_note_in_report(db, reader.actor, cycle.id, note.key, included)
                except DomainError as error:
                    st.error(literal(error))
                else:
                    st.rerun()


if reader.is_lead:
    choose_notes()

# The PDF ------------------------------------------------------------------------------
st.header("PDF for funders")
st.caption("Cover, executive summary, charts, element tables, the improvement plan and the notes the lead chose. "
           f"Laid out on {task_force.paper.label}"
           + ("; you can choose A4 or US Letter on the Task force settings page." if reader.is_lead else "."))
report_date = st.date_input("Report date", value=date.today(), format="YYYY-MM-DD")
pdf_key = f"pdf-{cycle.id}"
if st.button("Build PDF", type="primary"):
    bar = st.progress(0.0, text="Starting")
    try:
        st.session_state[pdf_key] = build_pdf(
            db, reader.actor, task_force.id, cycle.id, report_date,
            progress=lambda fraction, text: bar.progress(fraction, text=text))
    except DomainError as error:
        st.error(literal(error))
    bar.empty()
report = cached.read(tables.cycle_report, reader, task_force, cycle.id)
if pdf_key in st.session_state:
    st.download_button(
        "Download the PDF", st.session_state[pdf_key], file_name=export.file_name(report, "pdf", "report"),
        mime="application/pdf", icon=":material/download:", on_click=record, args=("PDF report",),
    )

# Spreadsheet, CSV and JSON ------------------------------------------------------------
st.header("Data exports")
st.caption("Scores only (no member names, no individual answers, no notes), with the task force, framework and cycle named.")
left, middle, right = st.columns(3)
# Each file is built when its button is clicked (Streamlit runs the callable then, off the page's
# rerun); if building fails, the button says so and the rest of the page stays.
left.download_button("Spreadsheet (.xlsx)", lambda: export.to_excel(report), file_name=export.file_name(report, "xlsx"),
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     on_click=record, args=("spreadsheet (.xlsx)",))
middle.download_button("Element scores (.csv)", lambda: export.to_csv(report),
                       file_name=export.file_name(report, "csv", "elements"),
                       mime="text/csv", on_click=record, args=("element scores (.csv)",))
right.download_button("All scores (.json)", lambda: export.to_json(report), file_name=export.file_name(report, "json"),
                      mime="application/json", on_click=record, args=("all scores (.json)",))

# All of the task force's data (leads) -----------------------------------------------------
if reader.is_lead:
    st.subheader("All of the task force's data")
    st.caption("Every cycle's scores (as the reporting threshold lets them show) and the whole plan with its "
               "history, in one file; and the full backup, which an administrator can restore here or elsewhere. "
               "The backup holds every answer and evidence note (members by pseudonym) and everyone's email: "
               "keep it as safe as the app itself, never send it to a funder.")


    def everything(kind: str, build):
        def make() -> bytes:
            return build(task_force_data.task_force_data(db, reader.actor, task_force.id, kind))
        return make


    columns = st.columns(4)
    columns[0].download_button(
        "Workbook (.xlsx)", everything("xlsx", task_force_export.to_excel),
        file_name=task_force_export.file_name(task_force.name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    columns[1].download_button(
        "Tables (.zip of CSV)", everything("csv zip", task_force_export.to_csv_zip),
        file_name=task_force_export.file_name(task_force.name, "zip"), mime="application/zip")
    columns[2].download_button(
        "Tables (.json)", everything("json", task_force_export.to_json),
        file_name=task_force_export.file_name(task_force.name, "json"), mime="application/json")
    columns[3].download_button(
        "Full backup (.json)", lambda: backups.backup_task_force(db, reader.actor, task_force.id),
        file_name=task_force_export.file_name(task_force.name, "json", f"backup-{date.today()}"), mime="application/json")

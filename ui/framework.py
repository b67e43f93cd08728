"""Browse the framework: functions, elements, and the five stages side by side."""

import html

import streamlit as st

from assessments.usecases import frameworks
from ui import state
from ui.text import literal

# The grid must read on screen and on paper. On screen a wide grid scrolls sideways
# rather than squeezing the descriptors; in print every function's grid is shown
# (not only the open tab), landscape, one function per page, rows never split
# across pages, and the menus, selectors and collapsed expanders are left out.
GRID_CSS = """<style>
.wp-grid-scroll{overflow-x:auto}
.wp-grid{border-collapse:collapse;width:100%;min-width:56rem;table-layout:fixed;font-size:0.85rem}
.wp-grid col.wp-element{width:14%}
.wp-grid th,.wp-grid td{border:1px solid #ccc;padding:6px;vertical-align:top;text-align:left;
  overflow-wrap:break-word;hyphens:auto}
.wp-grid thead th{background:#f0f2f6}
.wp-print-only{display:none}
@page{size:landscape;margin:10mm}
@media print{
  [data-testid="stSidebar"],[data-testid="stHeader"],[data-testid="stToolbar"],[data-testid="stSelectbox"],
  [data-testid="stExpander"],[data-testid="stTabs"] [role="tablist"],[data-testid="stTabsScrollRight"]{display:none!important}
  [data-testid="stAppViewContainer"],[data-testid="stMain"],[data-testid="stTabs"],[data-testid="stTabs"] > div{
    display:block!important;overflow:visible!important;height:auto!important;position:static!important}
  [data-testid="stMainBlockContainer"]{padding:0!important;max-width:none!important}
  [data-testid="stTabPanel"]{display:block!important;break-before:page}
  [data-testid="stTabPanel"] [data-testid="stCaptionContainer"]{display:none!important}
  .wp-print-only{display:block}
  h2.wp-print-only{font-size:13pt;margin:0 0 2pt;padding:0}
  p.wp-print-only{font-size:9pt;margin:0 0 6pt}
  .wp-grid-scroll{overflow:visible}
  .wp-grid{min-width:0;font-size:8.5pt;color:#000}
  .wp-grid th,.wp-grid td{padding:3pt 4pt;border-color:#888}
  .wp-grid thead{display:table-header-group}
  .wp-grid tr{break-inside:avoid}
  .wp-grid thead th{background:#e8e8e8;-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
</style>"""

st.title("The framework")
db = state.database()
member = state.current_member()
# Signed out: the installation's frameworks. A member also sees their task force's own uploads.
stored_frameworks = (frameworks.list_frameworks(db, member.actor, member.task_force_id) if member
                     else frameworks.list_frameworks(db))
if not stored_frameworks:
    st.error("No framework is stored. Restart the app so it can install the bundled one.")
    st.stop()

preferred = None
if member is not None:
    task_force = state.task_force_of(member)
    preferred = (task_force.framework_id, task_force.framework_version)
    state.demo_banner(task_force)
default_index = next((i for i, f in enumerate(stored_frameworks) if (f.id, f.version) == preferred), len(stored_frameworks) - 1)
framework = st.selectbox("Framework", stored_frameworks, index=default_index, format_func=lambda f: f.label)

# Framework files can be uploaded, so their text is shown as written, never as markup.
st.markdown(literal(framework.description))
st.info(
    "This is an adaptation for self-assessment and a planning resource, not a checklist: "
    "the stages describe how a collaborative group matures, to help members reflect on where "
    "the task force is and what could come next. A task force holding the official Roadmap, or its "
    "own version, may load its own framework file on the Admin page."
)

stage_cols = st.columns(len(framework.stages))
for column, stage in zip(stage_cols, framework.stages):
    column.markdown(f"**{stage.number}. {literal(stage.name)}**  \n{literal(stage.summary)}")

st.html(GRID_CSS + f"<p class='wp-print-only'>{html.escape(framework.label)}</p>")
tabs = st.tabs([literal(function.name) for function in framework.functions])
for tab, function in zip(tabs, framework.functions):
    with tab:
        if function.summary:
            st.caption(literal(function.summary))
        # One printable grid per function: elements as rows, stages as columns.
        header = "".join(f"<th>{stage.number}. {html.escape(stage.name)}</th>" for stage in framework.stages)
        rows = "".join(
            "<tr><th scope='row'>"
            + f"{html.escape(element.id)}<br>{html.escape(element.name)}</th>"
            + "".join(f"<td>{html.escape(element.descriptor(stage.number))}</td>" for stage in framework.stages)
            + "</tr>"
            for element in function.elements
        )
        st.html(
            f"<h2 class='wp-print-only'>{html.escape(function.name)}</h2>"
            f"<p class='wp-print-only'>{html.escape(function.summary)}</p>"
            "<div class='wp-grid-scroll'><table class='wp-grid'>"
            "<colgroup><col class='wp-element'>" + "<col>" * len(framework.stages) + "</colgroup>"
            f"<thead><tr><th>Element</th>{header}</tr></thead><tbody>{rows}</tbody></table></div>"
        )
        for element in function.elements:
            with st.expander(f"{literal(element.id)} {literal(element.name)}: prompts and next steps"):
                st.markdown(f"*{literal(element.intent)}*")
                st.markdown("**Reflection prompts**")
                st.markdown("\n".join(f"- {literal(prompt)}" for prompt in element.prompts))
                st.markdown("**Suggested next steps**")
                for stage_number in sorted(element.next_steps):
                    stage = framework.stage(stage_number)
                    steps = "; ".join(element.next_steps_from(stage_number))
                    st.markdown(f"- From {literal(stage.name)} ({stage_number}): {literal(steps)}")
                seeds = {seed.id: seed.title for seed in framework.seeds}
                drawn_from = [literal(seeds[s]) for s in element.seeds] + [literal(s) for s in element.sources]
                st.caption("Drawn from: " + "; ".join(drawn_from))
                if element.continues is not None and framework.previous_version:
                    kept = "its stages mean the same, so scores compare" if element.continues.same_stages else (
                        "its stages were rewritten, so scores do not compare across the versions")
                    st.caption(f"Continues {literal(element.continues.element)} of version "
                               f"{literal(framework.previous_version)}: {kept}.")

if framework.glossary:
    st.header("Glossary")
    st.caption("Terms a partner from another discipline may not know. The questionnaire defines each where it is used.")
    st.markdown("\n".join(f"- **{literal(entry.term)}**: {literal(entry.definition)}" for entry in framework.glossary))

"""Browse the framework: functions, elements, and the five stages side by side."""

import html

import streamlit as st

from assessments import services
from ui import state

st.title("The framework")
db = state.database()
member = state.signed_in_member()
frameworks = services.list_frameworks(db)
if not frameworks:
    st.error("No framework is stored. Restart the app so it can install the bundled one.")
    st.stop()

preferred = None
if member is not None:
    task_force = state.task_force_of(member)
    preferred = (task_force.framework_id, task_force.framework_version)
    state.demo_banner(task_force)
default_index = next((i for i, f in enumerate(frameworks) if (f.id, f.version) == preferred), len(frameworks) - 1)
framework = st.selectbox("Framework", frameworks, index=default_index, format_func=lambda f: f.label)

st.markdown(framework.description)
st.info(
    "This is an adaptation for self-assessment and a planning resource, not a checklist: "
    "the stages describe how a collaborative group matures, to help members reflect on where "
    "the task force is and what could come next. A task force holding the official Roadmap, or its "
    "own version, may load its own framework file on the Admin page."
)

stage_cols = st.columns(len(framework.stages))
for column, stage in zip(stage_cols, framework.stages):
    column.markdown(f"**{stage.number}. {stage.name}**  \n{stage.summary}")

tabs = st.tabs([function.name for function in framework.functions])
for tab, function in zip(tabs, framework.functions):
    with tab:
        if function.summary:
            st.caption(function.summary)
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
            "<style>.wp-grid{border-collapse:collapse;width:100%;font-size:0.85rem}"
            ".wp-grid th,.wp-grid td{border:1px solid #ccc;padding:6px;vertical-align:top;text-align:left}"
            ".wp-grid thead th{background:#f0f2f6}</style>"
            f"<table class='wp-grid'><thead><tr><th>Element</th>{header}</tr></thead><tbody>{rows}</tbody></table>"
        )
        for element in function.elements:
            with st.expander(f"{element.id} {element.name}: prompts and next steps"):
                st.markdown(f"*{element.intent}*")
                st.markdown("**Reflection prompts**")
                st.markdown("\n".join(f"- {prompt}" for prompt in element.prompts))
                st.markdown("**Suggested next steps**")
                for stage_number in sorted(element.next_steps):
                    stage = framework.stage(stage_number)
                    steps = "; ".join(element.next_steps_from(stage_number))
                    st.markdown(f"- From {stage.name} ({stage_number}): {steps}")
                seeds = {seed.id: seed.title for seed in framework.seeds}
                st.caption("Drawn from: " + "; ".join(seeds[s] for s in element.seeds))

"""Lead only: turn the gaps into a dated, owned plan that carries over from quarter to quarter.

Saving edits to several action rows at once: each row is its own save. Valid rows are
saved; every row that is not is named with the reason, and its edit is repeated in the
message so nothing is lost silently. Rows the lead did not touch are never written.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessments.domain import confidentiality, plan_rules
from assessments.domain.model import ActionStatus, DomainError, Role
from assessments.domain.plan_rules import DEFAULT_QUARTERS_OUT, PRIORITY_RULE, STAGE_RULE, STATUS_LABELS
from assessments.usecases import frameworks, planning, results, team
from ui import cached, widgets
from ui import plan_new_action as new_action
from ui.plan_header import open_plan_page
from ui.text import literal

FLASH = "plan_flash"
GENERATION = "plan_editor_generation"
STATUS_BY_LABEL = {label: status for status, label in STATUS_LABELS.items()}
EDITOR_COLUMNS = ["pinned", "element", "title", "owner", "due_date", "status", "note"]



def _due_text(due: date | None) -> str:
    return due.isoformat() if due else ""


def flash(kind: str, message: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, message))


def reload_after_change() -> None:
    # A new generation gives the actions editor a fresh snapshot with the versions just saved.
    for key in [k for k in st.session_state if str(k).startswith("plan_actions_")]:
        del st.session_state[key]
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.rerun()


page = open_plan_page(Role.LEAD, no_cycle="Open a cycle on the Admin page first: the plan starts from a cycle's scores.")
db, lead, task_force = page.db, page.reader, page.task_force
all_element_labels = page.element_label
label_to_element = {label: element_id for element_id, label in all_element_labels.items()}

# The plan plans from one cycle's scores: by default the newest cycle most elements of which
# have enough answers to show, so on the day a quarter opens the lead plans from the one just closed.
cycle = widgets.cycle_picker(lead, task_force, "", label="Plan from cycle", doing="Planning from",
                             key="plan_cycle")  # open_plan_page has stopped the page where there is no cycle
st.caption("Scores, targets' defaults and proposals come from this cycle. Actions belong to the task force, not to a "
           "quarter: open actions stay in the plan until they are done or dropped.")
framework = frameworks.framework_of_cycle(db, cycle)
element_label = {e.id: all_element_labels[e.id] for e in framework.elements}
team_members = cached.read(team.list_members, lead, task_force, task_force.id)
member_names = {m.id: m.name for m in team_members}

for kind, message in st.session_state.pop(FLASH, []):
    getattr(st, kind)(literal(message))  # messages quote element names and action titles

with st.spinner("Reading the plan"):
    # Today's plan (actions added since the chosen cycle included), measured against the chosen cycle's scores.
    current = cached.read(planning.plan_for_cycle, lead, task_force, task_force.id, page.newest.id,
                          standings_from=cycle.id)
    scores = cached.read(results.cycle_scores, lead, task_force, cycle.id)
    standing = cached.read(planning.element_standings, lead, task_force, task_force.id, cycle.id)

# outcomes ------------------------------------------------------------------------------
st.header("Outcomes, not only outputs")
st.caption(
    "For each function, what would success look like for victims and for the community? "
    "Write a change in people's lives, not a count of meetings or trainings. This text opens the plan and the PDF."
)
outcome_text = {o.function_id: o.text for o in current.outcomes}
columns = st.columns(2)
for index, function in enumerate(framework.functions):
    with columns[index % 2].container(border=True):
        st.markdown(f"**{literal(function.name)}**")
        text = outcome_text.get(function.id, "")
        st.markdown(literal(text) if text else "*Not written yet.*")
with st.expander("Write or edit the outcomes"):
    with st.form("outcomes"):
        written = {
            f.id: st.text_area(literal(f.name), value=outcome_text.get(f.id, ""), max_chars=5_000, key=f"outcome_{f.id}")
            for f in framework.functions
        }
        if st.form_submit_button("Save outcomes"):
            changed = {f: t for f, t in written.items() if t.strip() != outcome_text.get(f, "")}
            try:
                for function_id, text in changed.items():
                    planning.set_function_outcome(db, lead.actor, task_force.id, function_id, text)
            except DomainError as error:
                st.error(literal(error))
            else:
                flash("success", f"Saved {len(changed)} outcome text(s)." if changed else "No outcome text changed.")
                reload_after_change()

# targets --------------------------------------------------------------------------------
st.header("Targets")
st.caption(f"{plan_rules.DEFAULT_TARGET_RULE} {STAGE_RULE} "
           f"An element with {confidentiality.fewer_than(scores.threshold)} and no consensus stage has no score.")
default_by = plan_rules.quarter_after(cycle.label, DEFAULT_QUARTERS_OUT)
target_rows = []
for function in framework.functions:
    for element in function.elements:
        s, score = standing[element.id], scores.element(element.id)
        target_rows.append({
            "Element": element_label[element.id],
            "Score": "" if score.score is None else f"{score.score:.1f}",
            "Based on": (
                "consensus" if score.consensus_stage is not None
                else score.withheld_text if score.withheld else f"median of {score.answers} answers"
            ),
            "Stage": "" if s.stage is None else str(s.stage),
            "Target": "" if s.target_stage is None else str(s.target_stage),
            "By": s.by_cycle_label or "",
            "Gap": "" if s.target_stage is None or s.stage is None else str(s.gap),
            "Members disagree": "yes" if s.disagreement else "",
        })
targets_frame = pd.DataFrame(target_rows)
st.dataframe(
    targets_frame, hide_index=True, width="stretch", height=300,
    column_config={
        "Element": st.column_config.TextColumn(width="large"),
        "Score": st.column_config.TextColumn(width="small", help="Consensus stage where recorded, else the median; "
                                             "empty where there is no score (see Based on)."),
        "Based on": st.column_config.TextColumn(width="medium"),
        "Stage": st.column_config.TextColumn(help=STAGE_RULE, width="small"),
        "Target": st.column_config.TextColumn(width="small"),
        "By": st.column_config.TextColumn(width="small"),
        "Gap": st.column_config.TextColumn(help="Stages between the current stage and the target.", width="small"),
        "Members disagree": st.column_config.TextColumn("Disagree", width="small",
                                                        help="Answers span 2+ stages, or disciplines differ by 2+."),
    },
)

left, right = st.columns(2)
with left.container(border=True):
    st.markdown("**Set or change one target**")
    chosen = st.selectbox("Element", list(element_label), format_func=lambda e: element_label[e], key="target_element")
    s = standing[chosen]
    suggested = s.target_stage or (plan_rules.default_target_stage(s.stage) if s.stage else 3)
    if s.stage is None:
        st.caption("No score yet in this cycle, so there is no default; choose the stage you aim for.")
    else:
        st.caption(f"Now at stage {s.stage} ({literal(framework.stage(s.stage).name)}).")
    stage_choice = st.number_input("Target stage", min_value=1, max_value=5, value=suggested, key=f"target_stage_{chosen}")
    by_choice = st.text_input("Reach it by (cycle, YYYY-QN)", value=s.by_cycle_label or default_by, key=f"target_by_{chosen}")
    if st.button("Save target", key="save_target"):
        try:
            planning.set_target(db, lead.actor, task_force.id, cycle.id, chosen, int(stage_choice), by_choice.strip())
        except DomainError as error:
            st.error(literal(error))
        else:
            flash("success", f"Target for {element_label[chosen]}: stage {int(stage_choice)} by {by_choice.strip()}.")
            reload_after_change()
with right.container(border=True):
    st.markdown("**Set default targets for several elements**")
    untargeted = [e for e in element_label if standing[e].target_stage is None and standing[e].stage is not None
                  and standing[e].stage < 5]
    picked = st.multiselect(
        f"Elements to aim one stage higher by {default_by}", untargeted, format_func=lambda e: element_label[e],
        key="default_targets",
    )
    if not untargeted:
        st.caption(f"Every element with a score in {literal(cycle.label)} already has a target or is at stage 5.")
    clicked = st.button("Set default targets", key="save_default_targets")
    if clicked and not picked:
        st.warning("Choose at least one element in the list above first; no target was set.")
    elif clicked:
        bar = st.progress(0.0, text="Setting targets")
        try:
            for index, element_id in enumerate(picked):
                planning.set_target(db, lead.actor, task_force.id, cycle.id, element_id)
                bar.progress((index + 1) / len(picked), text=f"Set {element_label[element_id]}")
        except DomainError as error:
            st.error(f"{literal(error)} The targets before it were saved.")
        else:
            flash("success", f"Set default targets for {len(picked)} element(s).")
            reload_after_change()

# proposals --------------------------------------------------------------------------------
st.header("Proposed actions")
proposals = cached.read(planning.proposals_for_cycle, lead, task_force, task_force.id, cycle.id)
if not proposals:
    st.info(
        "No proposals open. The app proposes the framework's next steps for every element below its target; "
        "set a target above an element's current stage to get some. Steps already in the plan are not proposed again."
    )
else:
    st.caption(
        "The framework's next steps from each element's current stage, for elements below their target. "
        "Tick the ones the task force will take on; each is due by the end of its target quarter, which you can "
        "change in the actions table below, along with the owner."
    )
    with st.form("proposals"):
        ticked = []
        for index, proposal in enumerate(proposals):
            label = (
                f"**{literal(element_label[proposal.element_id])}** (stage {proposal.from_stage} → {proposal.target_stage} "
                f"by {literal(proposal.by_cycle_label)}): {literal(proposal.title)}"
            )
            if st.checkbox(label, key=f"proposal_{proposal.element_id}_{index}"):
                ticked.append(proposal)
        if st.form_submit_button("Add the ticked proposals to the plan"):
            added, refused = 0, []
            for proposal in ticked:
                try:
                    planning.accept_proposal(db, lead.actor, task_force.id, cycle.id, proposal.element_id, proposal.title)
                    added += 1
                except DomainError as error:
                    refused.append(f"“{proposal.title}”: {error}")
            if added:
                flash("success", f"Added {added} action(s) to the plan. Give each an owner below.")
            for message in refused:
                flash("error", message)
            if not ticked:
                flash("info", "Nothing was ticked, so nothing was added.")
            reload_after_change()

# actions -------------------------------------------------------------------------------------
st.header("Actions")
st.info(f"**Order of the plan.** {PRIORITY_RULE}", icon=":material/sort:")
today = date.today()
owner_hint = ("a member (for example " + literal(next((m.name for m in team_members if not m.is_lead), lead.name))
              + ") or a partner agency (for example County Health Department)")
new_action.form(db, lead, task_force.id, cycle, element_label, standing, framework, owner_hint, today, flash,
                reload_after_change)

st.subheader("Edit the plan's actions")
st.caption(f"Owner: {owner_hint}. Edit cells in the table, then save; rows you did not touch are not written.")
show_closed = st.toggle("Show done and dropped actions too", key="show_closed")
generation = st.session_state.get(GENERATION, 0)
editor_key = f"plan_actions_{generation}_{int(show_closed)}"
snapshot_key = f"{editor_key}_loaded"
if snapshot_key not in st.session_state:
    # Keep what the lead loaded: the versions in it are what a save is checked against,
    # and the rows do not move under the lead's edits when someone else saves.
    items = list(current.open_actions)
    closed_actions = []
    if show_closed:
        open_ids = {i.action.id for i in items}
        closed_actions = sorted((a for a in cached.read(planning.list_actions, lead, task_force, task_force.id) if a.id not in open_ids),
                                key=lambda a: (a.status.value, a.id))
    rows = []
    for item in items:
        a = item.action
        flags = []
        if item.overdue:
            flags.append("overdue")
        if item.standing and item.standing.gap:
            flags.append(f"gap {item.standing.gap}")
        if item.standing and item.standing.disagreement:
            flags.append("members disagree")
        if item.carried_over:
            flags.append("carried over")
        rows.append({"id": a.id, "version": a.version, "pinned": a.pinned,
                             "element": all_element_labels.get(a.element_id, a.element_id), "title": a.title,
                             "owner": a.owner, "due_date": _due_text(a.due_date), "status": STATUS_LABELS[a.status],
                             "note": a.note, "flags": ", ".join(flags)})
    for a in closed_actions:
        rows.append({"id": a.id, "version": a.version, "pinned": a.pinned,
                     "element": all_element_labels.get(a.element_id, a.element_id), "title": a.title, "owner": a.owner,
                     "due_date": _due_text(a.due_date), "status": STATUS_LABELS[a.status], "note": a.note,
                     "flags": ""})
    st.session_state[snapshot_key] = pd.DataFrame(
        rows, columns=["id", "version", *EDITOR_COLUMNS, "flags"]
    ).astype({"id": "Int64", "version": "Int64", "pinned": "boolean"})
loaded: pd.DataFrame = st.session_state[snapshot_key]

edited = st.data_editor(
    loaded,
    key=editor_key,
    num_rows="fixed",
    hide_index=True,
    width="stretch",
    column_order=["pinned", "title", "owner", "due_date", "status", "flags", "element", "note"],
    disabled=["flags"],
    column_config={
        "pinned": st.column_config.CheckboxColumn("Pin", help="Pinned actions come first.", default=False, width="small"),
        "element": st.column_config.SelectboxColumn("Element", options=list(all_element_labels.values()), required=True,
                                                    width="medium"),
        "title": st.column_config.TextColumn("Action", max_chars=plan_rules.TITLE_MAX_CHARS, required=True, width="large"),
        "owner": st.column_config.TextColumn("Owner", max_chars=plan_rules.OWNER_MAX_CHARS, width="medium"),
        # Text, not a date column: an action without a due date shows an empty cell, not "None".
        "due_date": st.column_config.TextColumn("Due", width="small", validate=r"^\s*(\d{4}-\d{2}-\d{2})?\s*$",
                                                help="YYYY-MM-DD, for example 2027-03-31; empty for no date yet."),
        "status": st.column_config.SelectboxColumn("Status", options=list(STATUS_BY_LABEL), required=True,
                                                   default="planned", width="small"),
        "note": st.column_config.TextColumn("Note", max_chars=5_000, width="medium"),
        "flags": st.column_config.TextColumn("Flags", help="Overdue, gap to target, disagreement, carried over.",
                                             width="medium"),
    },
)


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _date(value) -> date | None:
    """The date in a Due cell; None when empty or not a date (``_due_problem`` names the latter)."""
    try:
        return date.fromisoformat(_text(value).strip()) if _text(value).strip() else None
    except ValueError:
        return None


def _due_problem(value) -> plan_rules.Problem | None:
    written = _text(value).strip()
    if not written or _date(written):
        return None
    return plan_rules.Problem(field="due_date", message=(
        f"The due date “{written}” is not a date; write it as YYYY-MM-DD, for example 2027-03-31, or leave it empty."))


def _flag(value) -> bool:
    return False if value is None or pd.isna(value) else bool(value)


def row_values(row) -> dict:
    status = STATUS_BY_LABEL.get(_text(row["status"]), ActionStatus.PLANNED)
    return {
        "element_id": label_to_element.get(_text(row["element"]), _text(row["element"])),
        "title": _text(row["title"]).strip(), "owner": _text(row["owner"]).strip(),
        "due_date": _date(row["due_date"]), "status": status, "note": _text(row["note"]),
    }


def row_name(values: dict, position: int) -> str:
    return f"“{values['title']}”" if values["title"] else f"row {position + 1} (no title)"


# Work out, row by row, what changed and what is wrong with it, before anything is saved.
pending: list[tuple[int, dict, dict, bool | None, list[plan_rules.Problem]]] = []
for position, row in edited.iterrows():
    if position >= len(loaded):  # the table takes no new rows: "Add your own action" does
        continue
    values = row_values(row)
    before = row_values(loaded.iloc[position])
    changes = {k: v for k, v in values.items() if plan_rules.as_text(v) != plan_rules.as_text(before[k])}
    pin_change = _flag(row["pinned"]) if _flag(row["pinned"]) != _flag(loaded.iloc[position]["pinned"]) else None
    if not changes and pin_change is None:
        continue
    problems = plan_rules.check_action(values["title"], values["owner"], values["status"], values["due_date"], values["note"],
                                 today, due_date_changed=bool({"due_date", "status"} & set(changes)))
    if (bad_date := _due_problem(row["due_date"])) is not None:
        problems.insert(0, bad_date)
    pending.append((position, values, changes, pin_change, problems))

blocking = [(p, v, probs) for p, v, _, _, probs in pending if any(x.blocking for x in probs)]
for position, values, problems in blocking:
    st.error(literal(f"{row_name(values, position)} will not be saved: " + " ".join(x.message for x in problems if x.blocking)))
for position, values, _, _, problems in pending:
    for problem in problems:
        if not problem.blocking:
            st.warning(literal(f"{row_name(values, position)}: {problem.message}"))

save_col, reload_col = st.columns([1, 1])
valid_count = len(pending) - len(blocking)
save_clicked = save_col.button(f"Save {valid_count} changed row(s)" if pending else "Save changes", type="primary",
                               key="save_actions")
if save_clicked and not pending:
    st.info("No cell of the table was changed, so there is nothing to save. To add an action, use "
            "**Add your own action** above.")
elif save_clicked:
    saved, refused = [], []
    with st.spinner("Saving"):
        for position, values, changes, pin_change, problems in pending:
            name = row_name(values, position)
            try:
                if any(x.blocking for x in problems):  # e.g. a due date that is not a date: never cleared by a save
                    raise DomainError(" ".join(x.message for x in problems if x.blocking))
                action_id, version = int(loaded.iloc[position]["id"]), int(loaded.iloc[position]["version"])
                if changes:
                    planning.update_action(db, lead.actor, action_id, version, changes)
                if pin_change is not None:
                    (planning.pin_action if pin_change else planning.unpin_action)(db, lead.actor, action_id)
                saved.append(name)
            except DomainError as error:
                edit = "; ".join(f"{k.replace('_', ' ')} → {plan_rules.as_text(v) or '(empty)'}" for k, v in changes.items())
                refused.append(f"{name} was not saved: {error}" + (f" Your edit was: {edit}." if edit else ""))
    if saved:
        flash("success", f"Saved {len(saved)} row(s): {', '.join(saved)}.")
    for message in refused:
        flash("error", message)
    reload_after_change()
if reload_col.button("Reload the plan", help="Drop unsaved edits and show the latest saved plan.", key="reload_actions"):
    reload_after_change()
if blocking:
    st.caption("Rows with a problem are left out when you save; the other changed rows are saved.")

# done and overdue ------------------------------------------------------------------------------
st.header("Since the last cycle")
since = current.done_since.date().isoformat()
done_col, overdue_col = st.columns(2)
with done_col:
    st.subheader(f"Done since {since}")
    if current.previous_cycle_label:
        st.caption(f"Completed since {literal(current.previous_cycle_label)} opened.")
    if current.done_since_last_cycle:
        for item in current.done_since_last_cycle:
            a = item.action
            st.markdown(f"- {literal(a.title)} ({literal(all_element_labels.get(a.element_id, a.element_id))}; "
                        f"{literal(a.owner or 'no owner')}; done {a.completed_at:%Y-%m-%d})")
    else:
        st.markdown("*Nothing marked done yet.*")
    if current.dropped:
        st.caption("Dropped: " + "; ".join(literal(i.action.title) for i in current.dropped))
with overdue_col:
    st.subheader("Overdue")
    if current.overdue:
        for item in current.overdue:
            a = item.action
            st.markdown(f"- {literal(a.title)} (due {a.due_date:%Y-%m-%d}; {literal(a.owner or 'no owner')}; {STATUS_LABELS[a.status]})")
    else:
        st.markdown("*Nothing overdue.*")

def history_value(field: str, value: str) -> str:
    if field == "status" and value:
        return STATUS_LABELS[ActionStatus(value)]
    if field == "element_id":
        return all_element_labels.get(value, value)
    return value


# history --------------------------------------------------------------------------------------------
st.header("History")
open_order = [i.action.id for i in current.open_actions]
actions = sorted(cached.read(planning.list_actions, lead, task_force, task_force.id),
                 key=lambda a: (open_order.index(a.id) if a.id in open_order else len(open_order), a.id))
if actions:
    picked_action = st.selectbox(
        "Action", [a.id for a in actions], key="history_action",
        format_func=lambda i: next(f"{a.title} ({STATUS_LABELS[a.status]})" for a in actions if a.id == i),
    )
    history = cached.read(planning.action_history, lead, task_force, picked_action)
    st.dataframe(
        pd.DataFrame([{
            "When (UTC)": c.changed_at, "Who": member_names.get(c.changed_by, "former member" if c.changed_by else ""),
            "What": plan_rules.FIELD_LABELS.get(c.field, c.field),
            "From": history_value(c.field, c.old_value), "To": history_value(c.field, c.new_value),
        } for c in reversed(history)]),
        hide_index=True, width="stretch",
        column_config={"When (UTC)": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")},
    )
else:
    st.caption("No actions yet.")
with st.expander("History of the targets"):
    changes = cached.read(planning.target_history, lead, task_force, task_force.id)
    if changes:
        st.dataframe(
            pd.DataFrame([{
                "When (UTC)": c.changed_at, "Who": member_names.get(c.changed_by, ""),
                "Element": all_element_labels.get(c.element_id, c.element_id),
                "What": "target stage" if c.field == "target_stage" else "reach by", "From": c.old_value, "To": c.new_value,
            } for c in reversed(changes)]),
            hide_index=True, width="stretch",
            column_config={"When (UTC)": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")},
        )
    else:
        st.caption("No targets set yet.")

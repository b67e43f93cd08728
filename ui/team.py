"""The lead's team page: who is in the task force, who submitted and signed in; invites,
new links, roles and removals; which functions each discipline answers; the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessments.domain.model import Actor, Discipline, DomainError, Role
from assessments.usecases import frameworks, questionnaire, team
from ui import links, state
from ui.text import literal

RELEVANCE_KEY = "team-relevance"
DISCIPLINES = list(Discipline)
ROLES = [Role.MEMBER, Role.LEAD, Role.FUNDER]


def _on_relevance(actor: Actor, task_force_id: int) -> None:
    edits = st.session_state[RELEVANCE_KEY].get("edited_rows", {})
    try:
        for row, changes in edits.items():
            for function_id, relevant in changes.items():
                questionnaire.set_function_relevance(
                    state.database(), actor, task_force_id, DISCIPLINES[int(row)], function_id, bool(relevant)
                )
    except DomainError as error:
        st.session_state["team-relevance-error"] = str(error)


st.title("Team")
db = state.database()
lead = state.require_lead()
task_force = state.task_force_of(lead)
state.demo_banner(task_force)

status = team.team_status(db, lead.actor, task_force.id)
cycle = status.open_cycle
st.subheader("Members")
if cycle is None:
    st.info("No cycle is open, so there is nothing to submit yet. Open one in the task force settings.")
submitted_column = f"Submitted in {cycle.label}" if cycle else "Submitted"


def _access(row: team.MemberStatus) -> str:
    if row.locked_until:
        return f"locked after failed sign-ins until {row.locked_until:%H:%M} UTC"
    if not row.has_password:
        return "invited, no password yet"
    return f"last sign-in {row.last_sign_in_at:%d %b %Y}" if row.last_sign_in_at else "never signed in"


st.dataframe(
    pd.DataFrame([
        {
            "Name": row.member.name,
            "Email": row.email or "none yet",
            "Role": row.member.role.label,
            "Discipline": row.member.discipline.label if row.member.discipline else "",
            "Organisation": row.member.organisation,
            "Sign-in": _access(row),
            submitted_column: (
                "" if row.member.role is Role.FUNDER else "no open cycle" if cycle is None
                else f"yes, {row.submitted_at:%d %b %Y}" if row.submitted_at else "not yet"
            ),
        }
        for row in status.members
    ]),
    hide_index=True, width="stretch",
)
answering = [row for row in status.members if row.member.role is not Role.FUNDER]
if cycle is not None:
    done = sum(1 for row in answering if row.submitted_at)
    st.caption(
        f"{done} of {len(answering)} members submitted in {cycle.label}. "
        "This page never shows anyone's individual answers."
    )

if status.pending:
    st.subheader("Pending invites")
    for pending in status.pending:
        left, right = st.columns([4, 1])
        left.write(f"{literal(pending.display_name)} ({literal(pending.email or '')}), "
                   f"{pending.link.kind.value} link valid until {pending.link.expires_at:%d %b %Y}")
        if right.button("Withdraw", key=f"revoke-{pending.link.id}"):
            try:
                team.revoke_invite(db, lead.actor, task_force.id, pending.link.id)
            except DomainError as error:
                st.error(literal(error))
            else:
                st.rerun()

st.subheader("Invite someone")
with st.form("team-invite", clear_on_submit=True):
    left, right = st.columns(2)
    invite_email = left.text_input("Email")
    invite_name = right.text_input("Name as the team sees it")
    left, right = st.columns(2)
    # Member first: a lead is a deliberate choice, never the default.
    invite_role = left.selectbox("Role", ROLES, format_func=lambda r: r.label)
    invite_discipline = right.selectbox("Discipline (not for funders)", [None, *DISCIPLINES],
                                        format_func=lambda d: d.label if d else "choose")
    invite_organisation = st.text_input("Organisation (optional)")
    invited = st.form_submit_button("Invite", type="primary")
if invited:
    try:
        link = team.invite(db, lead.actor, task_force.id, invite_email, invite_name, invite_role, invite_discipline,
                           invite_organisation)
    except DomainError as error:
        st.error(literal(error))
    else:
        if link is None:
            st.success("That person already has a Waypoint account: they see this task force at their next click.")
        else:
            links.hand_over(link, task_force.name)

st.subheader("Change a member's access")
chosen = st.selectbox("Member", status.members, format_func=lambda row: f"{row.member.name} ({row.member.role.label})",
                      index=None, placeholder="Choose a member")
if chosen is not None:
    role_tab, link_tab, remove_tab = st.tabs(["Role", "New sign-in link", "Remove"])
    with role_tab:
        new_role = st.selectbox("New role", ROLES, index=ROLES.index(chosen.member.role), format_func=lambda r: r.label)
        if st.button("Change role"):
            try:
                team.change_role(db, lead.actor, task_force.id, chosen.member.id, new_role,
                                 chosen.member.discipline or Discipline.GOVERNMENT)
            except DomainError as error:
                st.error(literal(error))
            else:
                st.rerun()
    with link_tab:
        st.caption("For a lost password, or an invite that expired. Their earlier links stop working.")
        link_email = st.text_input("Email", value=chosen.email or "", disabled=bool(chosen.email and chosen.has_password))
        if st.button("Make a new link"):
            try:
                link = team.new_link(db, lead.actor, task_force.id, chosen.member.id, link_email or None)
            except DomainError as error:
                st.error(literal(error))
            else:
                links.hand_over(link, task_force.name)
    with remove_tab:
        st.caption("Their answers stay in the results, as anonymous as before. Their access ends at their next click.")
        sure = st.checkbox(f"Yes, remove {literal(chosen.member.name)} from {literal(task_force.name)}")
        if st.button("Remove from the task force", disabled=not sure):
            try:
                team.remove_member(db, lead.actor, task_force.id, chosen.member.id)
            except DomainError as error:
                st.error(literal(error))
            else:
                st.rerun()

with st.expander("Audit log: sign-ins, invites, role changes, cycles, consensus, exports"):
    events = team.audit_log(db, lead.actor, task_force.id)
    st.dataframe(
        pd.DataFrame([{"When (UTC)": e.at, "Who": e.who, "What": e.action, "Detail": e.detail} for e in events]),
        hide_index=True, width="stretch",
    )

st.subheader("Which functions each discipline is asked to answer")
st.caption(
    "Untick a function to make it optional for a discipline, so, for example, a victim-service provider is not "
    "pushed through investigative details. Its members still see it and may answer, and it leaves their progress "
    "total. Changes save at once."
)
framework = frameworks.framework_of_task_force(db, task_force)
matrix = questionnaire.function_relevance(db, lead.actor, task_force.id)
table = pd.DataFrame(
    [{"Discipline": d.label, **{f.id: matrix[d][f.id] for f in framework.functions}} for d in DISCIPLINES]
)
st.data_editor(
    table, key=RELEVANCE_KEY, hide_index=True, width="stretch", disabled=["Discipline"],
    num_rows="fixed", on_change=_on_relevance, args=(lead.actor, task_force.id),
    column_config={
        f.id: st.column_config.CheckboxColumn(f.id, help=f"Asked of this discipline: {f.name}")
        for f in framework.functions
    },
)
st.caption(" · ".join(f"**{literal(f.id)}** {literal(f.name)}" for f in framework.functions))
if "team-relevance-error" in st.session_state:
    st.error(literal(st.session_state.pop("team-relevance-error")))

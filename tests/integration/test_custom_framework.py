"""A task force loads its own framework file: an edited copy of the bundled one
is stored and used from the next cycle on, while a broken copy is refused with
the place to fix and leaves the database as it was."""

from __future__ import annotations

import pytest

from assessments.domain.model import DomainError, NotAllowed, NotFound, Role
from assessments.usecases import cycles, frameworks, task_forces
from roadmap.load import DEFAULT_FRAMEWORK_FILE
from tests.conftest import make_member, snapshot

BUNDLED = DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8")
OLD_DESCRIPTOR = BUNDLED.splitlines()[326].split(": ", 1)[1]  # CO-3, stage 1
NEW_DESCRIPTOR = '"Services for victims are found case by case through whoever the officer knows; no list exists."'


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def edited_copy() -> str:
    assert BUNDLED.count(OLD_DESCRIPTOR) == 1 and BUNDLED.count('version: "1.0"') == 1
    return BUNDLED.replace(OLD_DESCRIPTOR, NEW_DESCRIPTOR).replace('version: "1.0"', 'version: "1.1-riverside"')


@pytest.fixture
def bundled_task_force(db):
    frameworks.install_bundled_frameworks(db)
    return task_forces.create_task_force(db, "Riverside", "Riverside County")


@pytest.fixture
def lead(db, bundled_task_force):
    return make_member(db, bundled_task_force, "Dana", role=Role.LEAD)


def test_an_edited_copy_of_the_bundled_file_is_stored_and_used_from_the_next_cycle(db, bundled_task_force, lead):
    old_cycle = cycles.open_cycle(db, lead.actor, bundled_task_force.id, "2026-Q3")
    cycles.close_cycle(db, lead.actor, old_cycle.id)

    upload = frameworks.upload_framework(db, lead.actor, lead.task_force_id, edited_copy().encode("utf-8"), "riverside.yaml")
    assert (upload.framework_id, upload.version, upload.already_stored) == ("waypoint-roadmap", "1.1-riverside", False)
    stored = {(f.id, f.version) for f in frameworks.list_frameworks(db, lead.actor, lead.task_force_id)}
    assert {("waypoint-roadmap", "1.0"), ("waypoint-roadmap", "1.1-riverside")} <= stored

    frameworks.choose_framework(db, lead.actor, lead.task_force_id, "waypoint-roadmap", "1.1-riverside")
    new_cycle = cycles.open_cycle(db, lead.actor, bundled_task_force.id, "2026-Q4")

    assert new_cycle.framework_version == "1.1-riverside"
    assert cycles.get_cycle(db, lead.actor, old_cycle.id).framework_version == "1.0"
    assert frameworks.framework_of_cycle(db, new_cycle).element("CO-3").descriptor(1) == NEW_DESCRIPTOR.strip('"')
    assert frameworks.framework_of_cycle(db, old_cycle).element("CO-3").descriptor(1) == OLD_DESCRIPTOR.strip('"')


def test_an_open_cycle_keeps_its_framework_when_the_lead_chooses_another(db, bundled_task_force, lead):
    cycle = cycles.open_cycle(db, lead.actor, bundled_task_force.id, "2026-Q4")
    frameworks.upload_framework(db, lead.actor, lead.task_force_id, edited_copy(), "riverside.yaml")
    frameworks.choose_framework(db, lead.actor, lead.task_force_id, "waypoint-roadmap", "1.1-riverside")
    assert cycles.get_cycle(db, lead.actor, cycle.id).framework_version == "1.0"
    assert task_forces.get_task_force(db, lead.actor, bundled_task_force.id).framework_version == "1.1-riverside"


def test_the_usage_list_says_which_cycles_used_each_version(db, bundled_task_force, lead):
    cycles.close_cycle(db, lead.actor, cycles.open_cycle(db, lead.actor, bundled_task_force.id, "2026-Q3").id)
    frameworks.upload_framework(db, lead.actor, lead.task_force_id, edited_copy(), "riverside.yaml")
    frameworks.choose_framework(db, lead.actor, lead.task_force_id, "waypoint-roadmap", "1.1-riverside")
    cycles.open_cycle(db, lead.actor, bundled_task_force.id, "2026-Q4")

    usage = {u.key: u for u in frameworks.framework_usage(db, lead.actor, lead.task_force_id)}

    assert usage[("waypoint-roadmap", "1.0")].cycle_labels == ["2026-Q3"]
    assert usage[("waypoint-roadmap", "1.1-riverside")].cycle_labels == ["2026-Q4"]
    assert usage[("waypoint-roadmap", "1.1-riverside")].chosen_for_next_cycle
    assert usage[("test-roadmap", "0.1")].cycle_labels == []


def test_uploading_the_same_file_twice_says_it_is_already_stored(db, lead):
    frameworks.upload_framework(db, lead.actor, lead.task_force_id, edited_copy(), "riverside.yaml")
    before = snapshot(db)
    assert frameworks.upload_framework(db, lead.actor, lead.task_force_id, edited_copy(), "again.yaml").already_stored
    assert snapshot(db) == before


def _descriptor_missing(text: str) -> tuple[str, str]:
    stage_5 = BUNDLED.splitlines()[330]
    assert stage_5.lstrip().startswith("5:")
    broken = text.replace(stage_5 + "\n", "", 1)
    place = f"functions[1].elements[2].descriptors: stage 5 missing (line {_line_of(BUNDLED, '      - id: CO-3') + 3})"
    return broken, place


def _unknown_seed(text: str) -> tuple[str, str]:
    co_3 = text.index("      - id: CO-3")
    seeds = text.index('seeds: ["002", "003"]', co_3)
    broken = text[:seeds] + 'seeds: ["002", "999"]' + text[seeds + len('seeds: ["002", "003"]'):]
    return broken, "functions[1].elements[2].seeds[1]: unknown seed '999'"


def _unclosed_quote(text: str) -> tuple[str, str]:
    line = _line_of(text, '        name: "Delivery of comprehensive victim services"')
    broken = text.replace('name: "Delivery of comprehensive victim services"', 'name: "Delivery of comprehensive victim services', 1)
    # The parser notices on the next line, where the unclosed string runs into the intent.
    return broken, f"not valid YAML at line {line + 1}"


def _duplicate_element_id(text: str) -> tuple[str, str]:
    return text.replace("      - id: CO-4", "      - id: CO-3", 1), "duplicate element id 'CO-3'"


@pytest.mark.parametrize("breakage", [_descriptor_missing, _unknown_seed, _unclosed_quote, _duplicate_element_id])
def test_a_broken_copy_is_refused_with_the_place_to_fix_and_nothing_is_saved(db, lead, breakage):
    broken, place = breakage(edited_copy())
    before = snapshot(db)
    with pytest.raises(DomainError) as refused:
        frameworks.upload_framework(db, lead.actor, lead.task_force_id, broken.encode("utf-8"), "riverside-broken.yaml")
    assert str(refused.value).startswith("riverside-broken.yaml: ")
    assert place in str(refused.value)
    assert snapshot(db) == before


def test_the_line_named_in_the_error_is_where_the_problem_is(db, lead):
    broken, _ = _descriptor_missing(edited_copy())
    with pytest.raises(DomainError, match=r"\(line (\d+)\)") as refused:
        frameworks.upload_framework(db, lead.actor, lead.task_force_id, broken, "riverside-broken.yaml")
    line = int(str(refused.value).rsplit("(line ", 1)[1].split(")")[0])
    assert broken.splitlines()[line - 1].strip() == "descriptors:"
    assert broken.splitlines()[line - 4].strip() == "- id: CO-3"


def test_a_member_who_is_not_the_lead_cannot_upload_or_choose_a_framework(db, bundled_task_force):
    member = make_member(db, bundled_task_force, "Aisha")
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        frameworks.upload_framework(db, member.actor, member.task_force_id, edited_copy(), "riverside.yaml")
    with pytest.raises(NotAllowed):
        frameworks.choose_framework(db, member.actor, member.task_force_id, "test-roadmap", "0.1")
    with pytest.raises(NotAllowed):
        frameworks.framework_usage(db, member.actor, member.task_force_id)
    assert snapshot(db) == before


def test_choosing_a_framework_that_is_not_stored_is_refused(db, lead):
    before = snapshot(db)
    with pytest.raises(DomainError, match="not stored"):
        frameworks.choose_framework(db, lead.actor, lead.task_force_id, "waypoint-roadmap", "9.9")
    assert snapshot(db) == before


def test_a_leads_upload_belongs_to_their_task_force_alone(db, framework, bundled_task_force, lead):
    from tests.conftest import make_task_force

    frameworks.upload_framework(db, lead.actor, lead.task_force_id, edited_copy(), "riverside.yaml")
    other = make_task_force(db, framework, "Other Task Force")
    other_lead = make_member(db, other, "Olu Other", role=Role.LEAD)
    theirs = {(f.id, f.version) for f in frameworks.list_frameworks(db, other_lead.actor, other.id)}
    assert ("waypoint-roadmap", "1.1-riverside") not in theirs
    assert ("waypoint-roadmap", "1.1-riverside") not in {u.key for u in frameworks.framework_usage(db, other_lead.actor, other.id)}
    with pytest.raises(NotFound):
        frameworks.choose_framework(db, other_lead.actor, other.id, "waypoint-roadmap", "1.1-riverside")
    # Signed out, only the installation's frameworks are listed.
    assert ("waypoint-roadmap", "1.1-riverside") not in {(f.id, f.version) for f in frameworks.list_frameworks(db)}

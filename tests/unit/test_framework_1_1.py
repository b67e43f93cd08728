"""Framework 1.1 (issue #19): complete, honest about its sources, defines its jargon,
says which 1.0 element each element continues, and fits a sitting in 20 minutes."""

from __future__ import annotations

import copy
import re
from itertools import combinations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.domain.model import Discipline
from roadmap.glossary import terms_used, uses
from roadmap.load import BUNDLED_DIR, FrameworkError, load_framework, parse_framework
from roadmap.model import GlossaryEntry
from roadmap.reading import WORDS_PER_MINUTE, sitting, word_count

FILE_1_0 = BUNDLED_DIR / "waypoint-roadmap-1.0.yaml"
FILE_1_1 = BUNDLED_DIR / "waypoint-roadmap-1.1.yaml"
V10 = load_framework(FILE_1_0)
V11 = load_framework(FILE_1_1)
RAW_1_1 = yaml.safe_load(FILE_1_1.read_text(encoding="utf-8"))
ELEMENTS = V11.elements
FUNCTION_IDS = [f.id for f in V11.functions]


def _element_text(element) -> str:
    steps = [step for steps in element.next_steps.values() for step in steps]
    return "\n".join([element.name, element.intent, *element.descriptors.values(), *element.prompts, *steps])


ALL_TEXT = "\n".join(
    [V11.description, *(f"{f.name}\n{f.summary}" for f in V11.functions), *map(_element_text, ELEMENTS)]
    + [s.summary for s in V11.stages]
)
by_id = pytest.mark.parametrize("element", ELEMENTS, ids=lambda e: e.id)


# completeness ------------------------------------------------------------------


def test_28_to_34_elements():
    assert 28 <= len(ELEMENTS) <= 34


@by_id
def test_five_distinct_descriptors(element):
    assert sorted(element.descriptors) == [1, 2, 3, 4, 5]
    assert len(set(element.descriptors.values())) == 5


@by_id
def test_two_to_four_prompts(element):
    assert 2 <= len(element.prompts) <= 4


@by_id
def test_next_steps_for_stages_1_to_4(element):
    assert sorted(element.next_steps) == [1, 2, 3, 4]
    assert all(element.next_steps[n] for n in (1, 2, 3, 4))


@pytest.mark.parametrize(
    "topic, words",
    [
        ("minors and child welfare", ["minors", "child welfare", "mandated reporting", "Child Advocacy Center",
                                      "forensic interview", "runaway", "force, fraud, or coercion"]),
        ("T visa, U visa and Continued Presence", ["T visa", "U visa", "Continued Presence", "turnaround",
                                                   "I-914 Supplement B", "I-918 Supplement B"]),
        ("vicarious trauma", ["vicarious trauma", "burnout", "Vicarious Trauma Toolkit"]),
        ("PMT and TIMS", ["PMT", "TIMS", "reconciled"]),
        ("Wage and Hour", ["Wage and Hour Division", "OSHA", "EEOC", "state labor agencies", "worker centers",
                           "consulates", "back-wage"]),
        ("co-leadership", ["co-leadership", "law enforcement", "victim service"]),
        ("consent to share", ["consent to share", "time-limited", "VAWA", "VOCA", "FVPSA", "discovery", "destroyed"]),
        ("media", ["media protocol", "identities"]),
        ("interpreters", ["interpreters", "sign language"]),
        ("forced criminality", ["forced criminality"]),
        ("labor trafficking", ["labor trafficking"]),
        ("survivor consultants", ["survivor consultants", "pay"]),
        ("U.S. Attorney's Office as a member", ["U.S. Attorney's Office", "memorandum of understanding"]),
        ("operating model", ["co-located", "virtually", "case staffing", "subcommittees"]),
        ("compensation and safety planning", ["crime victim compensation", "safety planning"]),
        ("tribal jurisdictions", ["tribal"]),
        ("digital evidence and online exploitation", ["digital evidence", "online"]),
        ("deaf and hard-of-hearing access", ["deaf", "hard of hearing"]),
        ("trust between partners", ["trust each other"]),
    ],
)
def test_each_required_topic_is_covered_by_one_element(topic, words):
    covering = [e.id for e in ELEMENTS if all(w.lower() in _element_text(e).lower() for w in words)]
    assert covering, f"no element covers {topic}: {words}"


@pytest.mark.parametrize("element_id, name_words", [
    ("CO-8", "Children and youth"), ("CO-9", "Immigration relief"), ("IF-9", "Staff wellness"),
])
def test_the_topics_that_are_their_own_work_are_new_elements(element_id, name_words):
    element = V11.element(element_id)
    assert name_words in element.name
    assert element.continues is None


# descriptor craft (the list) ---------------------------------------------------

FREQUENCY = re.compile(
    r"\b(yearly|every (year|quarter|six months|three years)|twice a year|at least yearly|monthly|quarterly"
    r"|within (a month|\d+ days|three months))\b"
)


@pytest.mark.parametrize("element_id", ["IF-1", "IF-4", "CO-4", "DR-2", "DR-3"])
def test_stage_5_names_a_frequency_where_stage_4_does(element_id):
    element = V11.element(element_id)
    assert FREQUENCY.search(element.descriptor(4)), element.descriptor(4)
    assert FREQUENCY.search(element.descriptor(5)), element.descriptor(5)


@by_id
def test_stage_5_is_never_vaguer_than_stage_4_about_how_often(element):
    if FREQUENCY.search(element.descriptor(4)):
        assert FREQUENCY.search(element.descriptor(5)), element.descriptor(5)


@pytest.mark.parametrize("pattern", [
    r"\bsurviv(e|es|ed)\b", r"\boutlasts?\b", r"\bon a cycle\b", r"\btrusted by\b", r"\bregardless of\b",
    r"\breference on\b", r"\bhas continued through\b",
])
def test_no_stage_5_rests_on_an_event_or_an_impression(pattern):
    offenders = [e.id for e in ELEMENTS if re.search(pattern, e.descriptor(5), re.IGNORECASE)]
    assert offenders == []


@pytest.mark.parametrize("element_id, stage, must_not_contain", [
    ("CO-6", 1, "pled"),                 # a plea is often the victim-centred choice
    ("CO-6", 1, "lesser"),
    ("IF-5", 1, "mostly law enforcement"),  # a task force may start from a service provider
    ("IF-4", 4, "co-chairs"),             # co-leadership belongs at stages 2-3, not 4
])
def test_the_rewritten_descriptors(element_id, stage, must_not_contain):
    assert must_not_contain.lower() not in V11.element(element_id).descriptor(stage).lower()


def test_co_leadership_starts_at_stage_2():
    element = V11.element("IF-4")
    assert "victim service lead" in element.descriptor(2)
    assert "co-leadership" in element.descriptor(3)


def test_the_description_says_adaptation_best_fit_and_stage_1_is_normal():
    text = V11.description.lower()
    for phrase in ["adaptation", "names here are ours", "not a pass/fail", "best fit", "stage 1 is a normal place to start"]:
        assert phrase in text, phrase


@pytest.mark.parametrize("title, publisher", [
    ("Vicarious Trauma Toolkit", "Office for Victims of Crime"),
    ("Vicarious Trauma–Organizational Readiness Guide", "Office for Victims of Crime"),
    ("Human Trafficking Task Force e-Guide", "OVC and BJA"),
    ("Continued Presence Resource Guide", "Center for Countering Human Trafficking, Department of Homeland Security"),
    ("U and T Visa Law Enforcement Resource Guide", "Department of Homeland Security"),
    ("Adult Human Trafficking Screening Tool and Guide", "Office on Trafficking in Persons"),
    ("Trafficking Victim Identification Tool", "Vera Institute of Justice"),
    ("Toolkit for Building Survivor-Informed Organizations", "National Human Trafficking Training and Technical Assistance Center"),
    ("Wilder Collaboration Factors Inventory", "Amherst H. Wilder Foundation"),
    ("Standards for Accredited Members", "National Children's Alliance"),
    ("National Human Trafficking Hotline", "Polaris"),
])
def test_next_steps_name_public_resources_by_title_and_publisher(title, publisher):
    steps = [s for e in ELEMENTS for steps in e.next_steps.values() for s in steps]
    assert any(title in s and publisher in s for s in steps), title


# glossary ------------------------------------------------------------------------

# Jargon a victim advocate, a labor inspector or a patrol officer may not know: used
# anywhere in the file, it must be a glossary term. Acronyms never spelled out belong here too.
JARGON = [
    "deconfliction", "trigger point", "trigger points", "data dictionary", "analytical product", "analytical products",
    "Continued Presence", "T visa", "U visa", "I-914 Supplement B", "I-918 Supplement B", "PMT", "TIMS", "VAWA",
    "VOCA", "FVPSA", "ECM", "OSHA", "EEOC", "Wage and Hour Division", "vicarious trauma", "forensic interview",
    "Child Advocacy Center", "mandated reporting", "mandated reporter", "safe harbor", "vacatur", "discovery",
    "case staffing", "trauma-informed", "victim-centered", "forced criminality", "memorandum of understanding",
    "crime victim compensation", "consent to share", "outcome measure", "survivor consultant",
    "BJA", "OVC", "IACP", "MOU", "CAC", "MDT", "TVPA", "NCMEC", "USCIS", "CCHT", "VT-ORG", "HHS", "DHS",
]
GLOSSARY_TEXT = "\n".join(f"{g.term}\n{g.definition}" for g in V11.glossary)


@pytest.mark.parametrize("entry", V11.glossary, ids=lambda g: g.term)
def test_every_glossary_term_is_used_somewhere(entry):
    assert uses(ALL_TEXT, entry), entry.term


@pytest.mark.parametrize("jargon", JARGON)
def test_every_piece_of_jargon_used_is_defined(jargon):
    if uses(ALL_TEXT + "\n" + GLOSSARY_TEXT, GlossaryEntry(term=jargon, definition="-")):
        assert terms_used(jargon, V11.glossary), f"{jargon!r} is used but not in the glossary"


def test_glossary_definitions_are_short_enough_to_show_inline():
    assert max(word_count(g.definition) for g in V11.glossary) <= 25


# seeds ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", V11.seeds, ids=lambda s: s.id)
def test_every_seed_is_cited_at_least_once(seed):
    assert any(seed.id in e.seeds for e in ELEMENTS)


@pytest.mark.parametrize("element_id", ["DR-3", "IF-9"])
def test_elements_no_seed_discusses_cite_none_and_name_their_sources(element_id):
    element = V11.element(element_id)
    assert element.seeds == [] and element.sources


# mapping to 1.0 ------------------------------------------------------------------


def test_the_mapping_refers_to_version_1_0():
    assert V11.previous_version == V10.version == "1.0"


@pytest.mark.parametrize("raw", [e for f in RAW_1_1["functions"] for e in f["elements"]], ids=lambda e: e["id"])
def test_every_element_says_what_it_continues_even_when_nothing(raw):
    assert "continues" in raw


@pytest.mark.parametrize("element", [e for e in ELEMENTS if e.continues], ids=lambda e: e.id)
def test_every_continued_element_exists_in_1_0(element):
    old = V10.element(element.continues.element)
    assert V10.function_of(old.id).id == V11.function_of(element.id).id


def test_every_1_0_element_is_continued_exactly_once():
    continued = [e.continues.element for e in ELEMENTS if e.continues]
    assert sorted(continued) == sorted(e.id for e in V10.elements)


@pytest.mark.parametrize("element_id, same_stages", [
    ("IF-4", False),  # co-leadership moved from stage 4 to stages 2-3
    ("IF-5", False),  # stage 1 no longer assumes a police origin
    ("IF-8", False),  # stage 5 no longer asks for a survived funding gap
    ("CO-6", False),  # a plea is no longer a sign of immaturity
    ("DR-3", False),  # consent, discovery and retention added
    ("DR-5", False),  # PMT/TIMS reconciliation; stage 5 observable
    ("PE-6", False),  # stage 5 observable
    ("IF-1", True),
    ("CO-4", True),
    ("DR-4", True),
])
def test_stages_that_moved_are_not_compared_across_versions(element_id, same_stages):
    assert V11.element(element_id).continues.same_stages is same_stages


def test_a_1_0_file_still_loads_with_no_mapping_or_glossary():
    assert V10.glossary == [] and V10.previous_version is None
    assert all(e.continues is None and e.sources == [] for e in V10.elements)


def _break_continuing_twice(doc):
    doc["functions"][0]["elements"][1]["continues"] = {"element": "IF-1", "same_stages": True}


def _break_without_previous_version(doc):
    del doc["previous_version"]


def _break_malformed_old_id(doc):
    doc["functions"][0]["elements"][0]["continues"] = {"element": "IF 1", "same_stages": True}


def _break_same_stages_missing(doc):
    doc["functions"][0]["elements"][0]["continues"] = {"element": "IF-1"}


def _break_duplicate_glossary_term(doc):
    doc["glossary"].append({"term": "Deconfliction", "definition": "Again."})


def _break_glossary_term_starting_with_punctuation(doc):
    doc["glossary"][0]["term"] = "(deconfliction"


def _break_no_seed_and_no_source(doc):
    doc["functions"][0]["elements"][8]["sources"] = []


@pytest.mark.parametrize("break_it, expected", [
    (_break_continuing_twice, "functions[0].elements[1].continues.element: 'IF-1' is already continued by IF-1"),
    (_break_without_previous_version, "functions[0].elements[0].continues: set previous_version"),
    (_break_malformed_old_id, "functions[0].elements[0].continues.element: String should match pattern"),
    (_break_same_stages_missing, "functions[0].elements[0].continues.same_stages: Field required"),
    (_break_duplicate_glossary_term, f"glossary[{len(RAW_1_1['glossary'])}].term: 'Deconfliction' is already defined at "
                                     f"glossary[{[g['term'] for g in RAW_1_1['glossary']].index('deconfliction')}]"),
    (_break_glossary_term_starting_with_punctuation, "glossary[0].term: String should match pattern"),
    (_break_no_seed_and_no_source, "functions[0].elements[8].seeds: cite at least one seed, or name the public sources"),
])
def test_a_broken_mapping_or_glossary_is_refused_with_its_place(break_it, expected):
    doc = copy.deepcopy(RAW_1_1)
    break_it(doc)
    with pytest.raises(FrameworkError) as raised:
        parse_framework(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), source="broken.yaml")
    assert expected in str(raised.value)


# sitting length ------------------------------------------------------------------

# Today every function is relevant to every discipline unless a lead marks it optional,
# so the longest sitting is a member for whom all the cycle's functions are relevant.
ALL_RELEVANT = FUNCTION_IDS
# Rotation: a cycle covers a subset of functions; a lead typically assesses half of them
# in a quarter. Every pair is checked, so any choice the lead makes fits.
ROTATIONS = list(combinations(FUNCTION_IDS, 2))


@pytest.mark.parametrize("discipline", list(Discipline), ids=lambda d: d.value)
@pytest.mark.parametrize("rotation", ROTATIONS, ids="+".join)
def test_a_rotated_sitting_takes_at_most_20_minutes(discipline, rotation):
    assert sitting(V11, ALL_RELEVANT, rotation).minutes <= 20


def test_1_1_reads_faster_than_1_0_in_full():
    assert sitting(V11, FUNCTION_IDS).words < sitting(V10, FUNCTION_IDS).words


@pytest.mark.parametrize("relevant, covered, expected", [
    (["IF", "CO", "DR", "PE"], None, ("IF", "CO", "DR", "PE")),
    (["IF", "CO", "DR", "PE"], ["PE", "IF"], ("IF", "PE")),
    (["CO", "PE"], ["IF", "CO"], ("CO",)),
    (["DR"], ["IF", "CO"], ()),
    ("CO", None, ("CO",)),
])
def test_a_sitting_reads_the_relevant_functions_the_cycle_covers(relevant, covered, expected):
    assert sitting(V11, relevant, covered).functions == expected


def test_an_empty_sitting_has_no_words():
    assert sitting(V11, ["DR"], ["IF"]).words == 0


@pytest.mark.parametrize("relevant, covered, named", [
    (["IF", "XX"], None, "relevant_functions: 'XX' is not a function"),
    (["IF"], ["if"], "covered_functions: 'if' is not a function"),
])
def test_an_unknown_function_is_named(relevant, covered, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        sitting(V11, relevant, covered)


def test_a_glossary_definition_is_read_once_per_sitting_however_often_the_term_appears():
    one = sitting(V11, FUNCTION_IDS, ["IF"])
    defined = terms_used("\n".join(_element_text(e) for e in V11.functions[0].elements), V11.glossary)
    assert one.glossary_words <= sum(word_count(g.term) + word_count(g.definition) for g in defined)
    assert one.minutes == one.words / WORDS_PER_MINUTE


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(FUNCTION_IDS)), st.sets(st.sampled_from(FUNCTION_IDS)))
def test_fewer_relevant_functions_never_lengthen_a_sitting(relevant, fewer):
    assert sitting(V11, relevant & fewer).words <= sitting(V11, relevant).words


# the glossary-term finder (hypothesis) -------------------------------------------

ENTRIES = V11.glossary
TERM_FORMS = [form for entry in ENTRIES for form in entry.forms]
# Text that cannot spell any term: digits, spaces and punctuation only.
NO_LETTERS = st.text(alphabet=" 0123456789.,;:!?()[]\"'/\n\t", max_size=40)


def _cased(form: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c.lower() for c, flip in zip(form, flips + [False] * len(form)))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TERM_FORMS), NO_LETTERS, NO_LETTERS, st.lists(st.booleans(), max_size=40),
       st.sampled_from([" ", "  ", "\n", "\t "]))
def test_a_term_is_found_in_any_case_and_spacing_between_non_words(form, before, after, flips, gap):
    shown = gap.join(_cased(form, flips).split(" "))
    found = terms_used(f"{before} {shown} {after}", ENTRIES)
    assert any(form in entry.forms for entry in found)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TERM_FORMS), st.sampled_from(["x", "Z", "7", "_", "é"]), st.booleans(), NO_LETTERS)
def test_a_term_inside_a_longer_word_is_not_found(form, letter, at_start, around):
    glued = letter + form if at_start else form + letter
    owner = next(entry for entry in ENTRIES if form in entry.forms)
    assert owner not in terms_used(f"{around} {glued} {around}", ENTRIES)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_glossary_entries_in_glossary_order_without_repeats(text):
    found = terms_used(text, ENTRIES)
    positions = [ENTRIES.index(entry) for entry in found]
    assert positions == sorted(set(positions))


@settings(max_examples=200, deadline=None)
@given(NO_LETTERS)
def test_text_without_letters_uses_no_term(text):
    assert terms_used(text, ENTRIES) == []


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([("a.b", "aXb"), ("x*y", "xxxy"), ("A+B", "AAB"), ("I-914 (B) 2", "I-914 B 2"), ("a|b", "a")]),
       NO_LETTERS)
def test_regex_characters_in_a_term_are_matched_literally(term_and_lookalike, around):
    term, lookalike = term_and_lookalike
    entry = GlossaryEntry(term=term, definition="d")
    assert uses(f"{around} {term} {around}", entry)
    assert not uses(f"{around} {lookalike} {around}", entry)

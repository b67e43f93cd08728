"""Every command line the README gives a host is run, so the README cannot promise a command that fails.

How the commands are found in README.md (nothing else is read):
- every line of a fenced block whose info string is bash, sh or shell (a line ending in a backslash
  continues on the next; blank lines and # comments are skipped);
- every inline code span, outside fenced blocks, that holds `python -m assessments`,
  `python -m reports` or `python bench/...` (a span may wrap over lines; its whitespace is collapsed).
A command added to the README is therefore picked up by itself, and one this file does not know how to
check fails by name instead of passing unseen.

How each is run (cwd and PYTHONPATH = the repository, DATABASE_URL and the data folder in a scratch
directory, so nothing touches data/waypoint.db):
- `python -m assessments ...` and `python -m reports ...`: for real on a scratch SQLite database, the
  placeholders (EMAIL, NAME, FILE, ...) and [optional] parts filled with real values; the PDF on a
  database the demo command filled first. A subcommand this file has no real run for is run with
  --help, which must name every option the README line uses.
- `python bench/...`: with --help.
- The set-up commands (`pip install ... && streamlit run ...`, `bash .ci/run`) are not run: they must be
  exactly the two fenced commands of "Set up", and every file they name must exist.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from assessments.store.database import ROOT, Database
from assessments.store.rows import CycleRow
from assessments.usecases import accounts, demo, task_forces

README = ROOT / "README.md"
SET_UP_SECTION = "Set up"
SHELL_FENCES = {"bash", "sh", "shell"}
HOST_COMMAND = re.compile(r"\bpython3? (?:-m (?:assessments|reports)\b|bench/\S+\.py)")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_-]*$")  # EMAIL, N, YYYY-MM-DD: what a README line asks the host to fill in
PASSWORD = "a long passphrase 123"
DEMO_LEAD = "dana.whitfield@riverside-demo.example"
REPORT_DATE = "2026-11-23"

# Where each program takes --db: `python -m assessments [--db URL] COMMAND`, but `python -m reports pdf ... --db URL`.
DB_AFTER_WORDS = {"assessments": 0, "reports": 1}
# README prose that a run shows to be wrong; strict, so a fix turns the test red until the entry goes.
# A README line that is known to be wrong, with why: its case is a strict xfail until fixed.
KNOWN_README_ERRORS: dict[str, str] = {}


# ---------------------------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class ReadmeCommand:
    text: str     # as written, whitespace collapsed
    section: str  # the heading it sits under
    fenced: bool  # from a fenced shell block rather than an inline code span


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")  # a list item starts a new block: no code span crosses it
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def code_spans(prose: str) -> list[str]:
    """The inline code spans of one block of Markdown prose, whitespace collapsed (as CommonMark does)."""
    return [" ".join(match.group(2).split()) for match in _CODE_SPAN.finditer(prose)]


def _fenced_commands(lines: list[str]) -> list[str]:
    commands, pending = [], ""
    for line in lines:
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        commands.append(" ".join((pending + stripped).split()))
        pending = ""
    return commands


def parse_readme(markdown: str) -> list[ReadmeCommand]:
    found: list[ReadmeCommand] = []
    section, block, fence, fence_lines = "", [], None, []

    def end_block() -> None:
        for span in code_spans("\n".join(block)):
            if HOST_COMMAND.search(span):
                found.append(ReadmeCommand(span, section, fenced=False))
        block.clear()

    for line in markdown.splitlines():
        if fence is not None:
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0][0] and len(closing.group(1)) >= len(fence[0]) \
                    and not closing.group(2):
                if fence[1] in SHELL_FENCES:
                    found += [ReadmeCommand(text, section, fenced=True) for text in _fenced_commands(fence_lines)]
                fence, fence_lines = None, []
            else:
                fence_lines.append(line)
            continue
        opening, heading = _FENCE.match(line), _HEADING.match(line)
        if opening or heading or not line.strip() or _BLOCK_START.match(line):
            end_block()
        if opening:
            fence = (opening.group(1), opening.group(2).lower())
        elif heading:
            section = heading.group(1)
        elif line.strip():
            block.append(line)
    end_block()
    return found


COMMANDS = parse_readme(README.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------- running


def _scratch_env(scratch: Path, url: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=url, WAYPOINT_DATA_DIR=str(scratch))
    env.pop("PYTHONSAFEPATH", None)
    return env


def _run(argv: list[str], scratch: Path, url: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=_scratch_env(scratch, url))


def _split_pipe(text: str) -> tuple[str, str]:
    """`echo "$PW" | python -m ...` -> ('echo "$PW"', 'python -m ...'); no pipe -> ('', text)."""
    producer, bar, consumer = text.rpartition(" | ")
    return (producer, consumer) if bar else ("", text)


def _words(text: str) -> list[str]:
    """The command's words with [optional] parts kept (they are run too) and `python` as this interpreter."""
    words = shlex.split(re.sub(r"\[([^\[\]]*)\]", r"\1", text))
    assert words[0] in ("python", "python3"), f"not a python command: {text}"
    return [sys.executable, *words[1:]]


def fill(words: list[str], values: dict[str, str]) -> list[str]:
    """Each placeholder replaced by the value for the option before it (`--lead EMAIL`), or for itself."""
    filled = []
    for before, word in zip(["", *words], words, strict=False):
        if PLACEHOLDER.match(word):
            key = before if before.startswith("--") and before in values else word
            if key not in values:
                raise AssertionError(f"README placeholder {word!r} after {before!r}: give it a value in this test")
            word = values[key]
        filled.append(word)
    return filled


def _program(words: list[str]) -> tuple[str, list[str]]:
    """('assessments', ['admin', 'create', ...]) for `python -m assessments admin create ...`."""
    assert words[1] == "-m", words
    return words[2], words[3:]


def _subcommand(program: str, args: list[str]) -> tuple[str, ...]:
    words = []
    for arg in args:
        if arg.startswith("-") or PLACEHOLDER.match(arg) or len(words) == 2:
            break
        words.append(arg)
    return (program, *words)


def _with_db(words: list[str], url: str) -> list[str]:
    program, args = _program(words)
    at = 3 + DB_AFTER_WORDS[program]
    return [*words[:at], "--db", url, *words[at:]]


def _options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))


def _check_help_names_options(words: list[str], readme_text: str, scratch: Path, url: str) -> None:
    """Run the command's --help (placeholders dropped) and check that it names every option the README uses."""
    command = [w for w in words if not PLACEHOLDER.match(w)]
    if command[1] == "-m":
        program, args = _program(command)
        command = [*command[:3], *_subcommand(program, args)[1:]]
    else:
        command = command[:2]
    done = _run([*command, "--help"], scratch, url)
    assert done.returncode == 0, done.stderr
    missing = {option for option in _options(readme_text) if option not in done.stdout}
    assert not missing, f"--help of {shlex.join(command[1:])} does not name {sorted(missing)}"


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory) -> tuple[Path, str, subprocess.CompletedProcess]:
    """One scratch database filled by `python -m assessments demo`, shared by the commands that need the demo."""
    scratch = tmp_path_factory.mktemp("readme-demo")
    url = f"sqlite:///{scratch / 'scratch.db'}"
    done = _run([sys.executable, "-m", "assessments", "--db", url, "demo"], scratch, url)
    return scratch, url, done


def _latest_demo_cycle(url: str) -> str:
    db = Database(url, run_migrations=False)
    try:
        with db.engine.connect() as connection:
            labels = connection.execute(select(CycleRow.label)).scalars().all()
    finally:
        db.dispose()
    return max(labels)


# ---------------------------------------------------------------------------------------------- the checks


def _run_admin_create(command: ReadmeCommand, scratch: Path, url: str) -> None:
    producer, consumer = _split_pipe(command.text)
    words = _with_db(fill(_words(consumer), {"EMAIL": "it@readme.example", "--name": "Readme Administrator"}), url)
    if producer:  # run the pipe as written, with $PW set, through the shell
        env = dict(_scratch_env(scratch, url), PW=PASSWORD)
        done = subprocess.run(["bash", "-c", f"{producer} | {shlex.join(words)}"], capture_output=True, text=True,
                              cwd=ROOT, timeout=120, env=env)
    else:
        done = _run(words, scratch, url, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    email = words[words.index("create") + 1]
    assert f"Administrator {email.lower()} is ready" in done.stdout
    db = Database(url)
    try:
        assert accounts.sign_in(db, email, PASSWORD).account.is_admin
    finally:
        db.dispose()


def _run_task_force_create(command: ReadmeCommand, scratch: Path, url: str) -> None:
    values = {"NAME": "Readme Task Force", "--lead": "lead@readme.example", "--lead-name": "Lee Lead",
              "--jurisdiction": "Readme County", "--base-url": "https://waypoint.readme.example/"}
    words = _with_db(fill(_words(command.text), values), url)
    done = _run(words, scratch, url)
    assert done.returncode == 0, done.stderr
    assert "Created Readme Task Force with lead@readme.example as its lead." in done.stdout
    if "--base-url" in words:
        assert re.search(r"https://waypoint\.readme\.example/\?link=[A-Za-z0-9_-]{43,}", done.stdout), done.stdout
    db = Database(url)
    try:
        created = task_forces.find_task_force(db, "Readme Task Force")
        if "--jurisdiction" in words:
            assert created.jurisdiction == "Readme County"
    finally:
        db.dispose()


def _run_demo(command: ReadmeCommand, demo_database) -> None:
    _, url, done = demo_database
    assert _with_db(_words(command.text), url) == done.args, "the shared demo load no longer runs this README line"
    assert done.returncode == 0, done.stderr
    assert f"Loaded {demo.DEMO_TASK_FORCE}" in done.stdout
    db = Database(url)
    try:
        assert task_forces.find_task_force(db, demo.DEMO_TASK_FORCE).name == demo.DEMO_TASK_FORCE
    finally:
        db.dispose()


def _run_framework_add(command: ReadmeCommand, scratch: Path, url: str) -> None:
    words = _with_db(fill(_words(command.text), {"FILE": "tests/fixtures/small-framework.yaml"}), url)
    done = _run(words, scratch, url)
    assert done.returncode == 0, done.stderr
    assert "is stored; every task force may choose it." in done.stdout


def _run_reports_pdf(command: ReadmeCommand, demo_database) -> None:
    scratch, url, loaded = demo_database
    assert loaded.returncode == 0, loaded.stderr
    label = _latest_demo_cycle(url)
    out = scratch / "r.pdf"
    values = {"--task-force": demo.DEMO_TASK_FORCE, "--cycle": label, "--as": DEMO_LEAD, "--out": str(out),
              "--date": REPORT_DATE, "--paper": "a4"}
    words = _with_db(fill(_words(command.text), values), url)
    done = _run(words, scratch, url)
    assert done.returncode == 0, done.stderr
    text = " ".join((page.extract_text() or "") for page in PdfReader(out).pages)
    assert demo.DEMO_TASK_FORCE in " ".join(text.split()) and label in text
    if "--paper" in words:
        assert round(float(PdfReader(out).pages[0].mediabox.width)) == 595  # A4, as asked


def _run_export(command: ReadmeCommand, demo_database) -> None:
    """Every format, as the demo's lead; each file opens as what it says it is."""
    scratch, url, loaded = demo_database
    assert loaded.returncode == 0, loaded.stderr
    for fmt in ("xlsx", "csv", "json", "backup"):
        out = scratch / f"all-data.{fmt}"
        values = {"--task-force": demo.DEMO_TASK_FORCE, "--format": fmt, "--out": str(out), "--as": DEMO_LEAD}
        done = _run(_with_db(fill(_words(command.text), values), url), scratch, url)
        assert done.returncode == 0, done.stderr
    assert load_workbook(scratch / "all-data.xlsx").sheetnames[:2] == ["About", "Element scores"]
    assert "scores.csv" in zipfile.ZipFile(scratch / "all-data.csv").namelist()
    assert json.loads((scratch / "all-data.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert json.loads((scratch / "all-data.backup").read_text(encoding="utf-8"))["format"] == "waypoint-task-force-backup"


def _run_import(command: ReadmeCommand, demo_database) -> None:
    """The demo's backup, restored into a new installation by its administrator."""
    scratch, url, loaded = demo_database
    assert loaded.returncode == 0, loaded.stderr
    backup = scratch / "demo-backup.json"
    done = _run([sys.executable, "-m", "assessments", "--db", url, "export", "--task-force", demo.DEMO_TASK_FORCE,
                 "--format", "backup", "--out", str(backup), "--as", DEMO_LEAD], scratch, url)
    assert done.returncode == 0, done.stderr
    target = f"sqlite:///{scratch / 'restored.db'}"
    db = Database(target)
    try:
        accounts.create_administrator(db, "it@readme.example", PASSWORD, "Readme Administrator")
    finally:
        db.dispose()
    values = {"FILE": str(backup), "--as": "it@readme.example", "--base-url": "https://waypoint.readme.example/"}
    done = _run(_with_db(fill(_words(command.text), values), target), scratch, target)
    assert done.returncode == 0, done.stderr
    assert f"Restored {demo.DEMO_TASK_FORCE}" in done.stdout
    if "--base-url" in command.text:
        assert re.search(r"https://waypoint\.readme\.example/\?link=[A-Za-z0-9_-]{43,}", done.stdout), done.stdout


REAL_RUNS = {
    ("assessments", "admin", "create"): _run_admin_create,
    ("assessments", "task-force", "create"): _run_task_force_create,
    ("assessments", "framework", "add"): _run_framework_add,
}
DEMO_RUNS = {
    ("assessments", "demo"): _run_demo,
    ("reports", "pdf"): _run_reports_pdf,
    ("assessments", "export"): _run_export,
    ("assessments", "import"): _run_import,
}


def _set_up_commands() -> list[ReadmeCommand]:
    return [c for c in COMMANDS if c.fenced and c.section == SET_UP_SECTION]


def _check_set_up_command(command: ReadmeCommand) -> None:
    """Not run (it installs packages, or starts a server): the files it names must exist."""
    assert command in _set_up_commands(), f"{command.text!r} is a set-up command outside the Set up section's blocks"
    named = [w for w in shlex.split(command.text) if w.endswith((".txt", ".py")) or w.startswith(".ci/")]
    if command.text == "bash .ci/run":
        named += re.findall(r"-r (\S+\.txt)", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert named, f"{command.text!r} names no file to check"
    missing = [name for name in named if not (ROOT / name).is_file()]
    assert not missing, f"{command.text!r} names files that do not exist: {missing}"


def _is_set_up(command: ReadmeCommand) -> bool:
    return command.text == "bash .ci/run" or command.text.startswith("pip install ")


@pytest.mark.parametrize("command", COMMANDS, ids=[c.text for c in COMMANDS])
def test_readme_command_runs(command: ReadmeCommand, tmp_path: Path, request) -> None:
    url = f"sqlite:///{tmp_path / 'scratch.db'}"
    if _is_set_up(command):
        _check_set_up_command(command)
        return
    _, python_command = _split_pipe(command.text)
    words = _words(python_command)
    if words[1] != "-m":  # python bench/....py: argparse's --help only; the real runs take minutes
        assert re.fullmatch(r"bench/\S+\.py", words[1]), f"no way known to check {command.text!r}: add one here"
        _check_help_names_options(words, command.text, tmp_path, url)
        return
    program, args = _program(words)
    key = _subcommand(program, args)
    if key in REAL_RUNS:
        REAL_RUNS[key](command, tmp_path, url)
    elif key in DEMO_RUNS:
        DEMO_RUNS[key](command, request.getfixturevalue("demo_database"))
    else:  # a command this file has no real run for yet: its --help must know every option the README uses
        _check_help_names_options(words, python_command, tmp_path, url)


def test_set_up_is_exactly_two_commands() -> None:
    """The README promises two set-up commands: start the app, and install and run every test."""
    texts = [c.text for c in _set_up_commands()]
    assert len(texts) == 2, texts
    assert texts[0].startswith("pip install -r ") and " && streamlit run " in texts[0], texts
    assert texts[1] == "bash .ci/run", texts


def test_the_readme_has_the_host_commands() -> None:
    """A parser that silently found nothing would pass every case above: the known commands must be among them."""
    programs = {_subcommand(*_program(_words(_split_pipe(c.text)[1]))) for c in COMMANDS if " -m " in c.text}
    assert set(REAL_RUNS) | set(DEMO_RUNS) <= programs
    assert any(c.text.startswith("python bench/") for c in COMMANDS)


PROGRAMS = sorted({_program(_words(_split_pipe(c.text)[1]))[0] for c in COMMANDS if " -m " in c.text})


@pytest.mark.parametrize("program", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_README_ERRORS[p]))
    if p in KNOWN_README_ERRORS else p for p in PROGRAMS
])
def test_each_program_takes_db_before_the_command(program: str, tmp_path: Path) -> None:
    """README: 'Each takes `--db URL` before the command'."""
    first = next(_subcommand(*_program(_words(_split_pipe(c.text)[1]))) for c in COMMANDS
                 if f"-m {program} " in c.text)
    url = f"sqlite:///{tmp_path / 'scratch.db'}"
    done = _run([sys.executable, "-m", program, "--db", url, *first[1:], "--help"], tmp_path, url)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------- the parser itself

_SPAN_TEXT = st.text(st.characters(blacklist_characters="`\n\r", blacklist_categories=("Cs",)), min_size=1) \
    .filter(lambda s: s.strip())


@given(before=st.text(st.characters(blacklist_characters="`", blacklist_categories=("Cs",))), span=_SPAN_TEXT,
       after=st.text(st.characters(blacklist_characters="`", blacklist_categories=("Cs",))))
def test_a_code_span_is_found_whatever_surrounds_it(before: str, span: str, after: str) -> None:
    assert code_spans(f"{before}`{span}`{after}") == [" ".join(span.split())]


@given(command=st.from_regex(r"python -m assessments [a-z]{1,8}( [A-Z]{1,5})?", fullmatch=True))
def test_parse_readme_finds_fenced_and_inline_commands_once(command: str) -> None:
    markdown = f"# Title\n\n## Here\n\n- `{command}`: does it.\n\n```bash\n{command}\n```\n\n```text\n{command}\n```\n"
    assert parse_readme(markdown) == [ReadmeCommand(command, "Here", fenced=False),
                                      ReadmeCommand(command, "Here", fenced=True)]

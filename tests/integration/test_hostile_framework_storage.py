"""A hostile framework file stores nothing, through the use case and through
`python -m assessments framework add`, and every problem reaches the person."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assessments.domain.model import DomainError
from assessments.store.database import Database
from assessments.usecases import frameworks
from roadmap.load import FrameworkError, bundled_frameworks, load_framework, parse_framework
from tests import hostile_frameworks as hostile
from tests.conftest import SMALL_FRAMEWORK_FILE, snapshot

REPOSITORY = Path(__file__).resolve().parents[2]
HOSTILE_FILES = {
    "billion-laughs": hostile.billion_laughs,
    "alias-framework-1.2MB": lambda: hostile.alias_framework(1_200_000),
    "merge-key": hostile.merge_key,
    "duplicate-key": hostile.duplicate_key,
    "10000-elements": lambda: hostile.many_elements(10_000),
    "1MB-prompt": lambda: hostile.long_prompt(1_000_000),
    "wrong-type-at-10-places": lambda: hostile.wrong_types(10),
}


def refusal_of(text: str, source: str) -> FrameworkError:
    with pytest.raises(FrameworkError) as raised:
        parse_framework(text, source=source)
    return raised.value


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_the_use_case_refuses_a_hostile_file_naming_every_problem_and_stores_nothing(db, name):
    text = HOSTILE_FILES[name]()
    before = snapshot(db)
    with pytest.raises(DomainError) as refused:
        frameworks.add_framework(db, text.encode("utf-8"), f"{name}.yaml")
    message = str(refused.value).splitlines()
    assert message[0].startswith(f"{name}.yaml: cannot be used as a framework")
    assert message[1:] == [f"  {problem}" for problem in refusal_of(text, f"{name}.yaml").problems]
    assert all("(line " in line for line in message[1:])
    assert snapshot(db) == before


def run_command(url: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assessments", "--db", url, *arguments], cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def commands_on_hostile_files(tmp_path_factory) -> dict[str, tuple[Path, str, subprocess.Popen]]:
    """Each hostile file added by the command, all at once: starting Python is most of each run."""
    folder = tmp_path_factory.mktemp("hostile")
    runs = {}
    for name, make in HOSTILE_FILES.items():
        path = folder / f"{name}.yaml"
        path.write_text(make(), encoding="utf-8")
        url = f"sqlite:///{folder / name}.db"
        runs[name] = (path, url, subprocess.Popen(
            [sys.executable, "-m", "assessments", "--db", url, "framework", "add", str(path)], cwd=REPOSITORY,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for _, _, process in runs.values():
        process.wait(timeout=120)
    return runs


BUNDLED = {(f.id, f.version) for f in map(load_framework, bundled_frameworks())}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_the_command_exits_1_with_every_problem_on_stderr_and_stores_nothing(commands_on_hostile_files, name):
    path, url, process = commands_on_hostile_files[name]
    assert process.returncode == 1
    assert process.stdout.read() == ""
    assert process.stderr.read() == f"error: {refusal_of(path.read_text(encoding='utf-8'), str(path))}\n"
    database = Database(url)
    try:
        # Only the bundled frameworks, which every start stores: nothing from the refused file.
        assert {(f.id, f.version) for f in frameworks.list_frameworks(database)} == BUNDLED
    finally:
        database.dispose()


def test_the_command_stores_a_valid_file_and_says_so_in_one_line(sqlite_url):
    done = run_command(sqlite_url, "framework", "add", str(SMALL_FRAMEWORK_FILE))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Test framework version 0.1 (id test-roadmap) is stored; every task force may choose it.\n"
    database = Database(sqlite_url)
    try:
        stored = {(f.id, f.version) for f in frameworks.list_frameworks(database)}
    finally:
        database.dispose()
    assert ("test-roadmap", "0.1") in stored


def test_the_command_names_a_file_it_cannot_read(tmp_path, sqlite_url):
    done = run_command(sqlite_url, "framework", "add", str(tmp_path / "missing.yaml"))
    assert done.returncode == 1
    assert done.stderr.splitlines()[1] == "  cannot read the file (No such file or directory)"

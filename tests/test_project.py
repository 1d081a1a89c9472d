"""Project-level promises: one import package, runnable docstring examples, docs that match the CLI."""

from __future__ import annotations

import doctest
import importlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from treatykg.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _modules_with_examples() -> list[str]:
    """Every treatykg module whose docstrings hold an example, found rather than listed,
    so a new module's examples cannot silently go unrun."""
    import pkgutil

    found = []
    # The subpackages live in their own top-level folders (package-dir mapping), so each
    # is walked on its own path.
    for package in (
        "treatykg",
        "treatykg.ingest",
        "treatykg.graph",
        "treatykg.queries",
        "treatykg.views",
    ):
        path = importlib.import_module(package).__path__
        for info in pkgutil.iter_modules(path, f"{package}."):
            module = importlib.import_module(info.name)
            if any(test.examples for test in doctest.DocTestFinder().find(module)):
                found.append(info.name)
    return found


MODULES = _modules_with_examples()


def test_project_examples_cover_the_pipeline_stages() -> None:
    for stage in ("text", "timex", "entities", "extract", "lexicon", "iris"):
        assert any(m.endswith(f".{stage}") for m in MODULES), stage


@pytest.mark.parametrize("module", MODULES)
def test_project_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def _commands() -> list[str]:
    names = []
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        names.append(name)
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    return names


@pytest.mark.parametrize("command", _commands())
def test_project_every_command_is_documented(command: str) -> None:
    assert f"treatykg {command}" in (ROOT / "README.md").read_text()


@pytest.mark.slow
def test_project_wheel_installs_only_the_treatykg_package(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("treatykg-*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert tops == {
        "treatykg",
        wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info",
    }
    names = zipfile.ZipFile(wheel).namelist()
    assert "treatykg/graph/ontology.ttl" in names and "treatykg/queries/treaty-timeline.rq" in names
    assert "treatykg/views/templates/timeline.html" in names
    assert "treatykg/views/styles.toml" in names  # event and status colours, read by every page
    # Every page inlines these; a wheel without them writes pages that draw nothing.
    static = sorted(
        f"treatykg/views/static/{f.name}"
        for f in (ROOT / "views" / "static").iterdir()
        if f.suffix in (".js", ".css")
    )
    assert static and set(static) <= set(names), set(static) - set(names)


def test_project_model_example_parses_as_trig() -> None:
    from rdflib import Dataset

    text = (ROOT / "docs" / "model.md").read_text()
    block = text.split("```turtle\n", 1)[1].split("```", 1)[0]
    dataset = Dataset()
    dataset.parse(data=block, format="trig")
    assert len(dataset) > 40


_NEEDS_A_BROWSER = """
def test_needs_a_browser(chromium):
    assert chromium
"""


@pytest.mark.parametrize(
    ("variables", "outcome"),
    [
        ({}, "1 skipped"),
        ({"CI": "true"}, "1 error"),
        ({"TREATYKG_REQUIRE_BROWSER": "1"}, "1 error"),
    ],
)
def test_project_browser_tests_fail_without_a_browser_when_required(
    tmp_path: Path, variables: dict[str, str], outcome: str
) -> None:
    """`make test` and CI cannot pass by skipping the page tests: with no Chromium on the
    PATH, the `chromium` fixture skips a plain run and fails theirs."""
    (tmp_path / "test_page.py").write_text(_NEEDS_A_BROWSER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TREATYKG_REQUIRE_BROWSER")}
    env |= {
        "PATH": str(Path(sys.executable).parent),
        "PYTHONPATH": str(ROOT / "tests"),
        **variables,
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-q", "test_page.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert outcome in done.stdout, done.stdout + done.stderr
    assert (done.returncode == 0) == (outcome == "1 skipped")


@pytest.mark.parametrize("target", ["test"])
def test_project_make_test_installs_and_requires_the_browser(target: str) -> None:
    """`make test` first makes sure Debian's chromium is there (.ci/ensure-chromium, as CI
    does), then runs pytest so that a missing browser fails the page tests."""
    done = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    commands = done.stdout.splitlines()
    ensure = commands.index("bash .ci/ensure-chromium")
    [pytest_run] = [i for i, c in enumerate(commands) if "/pytest" in c]
    assert ensure < pytest_run and commands[pytest_run].startswith("TREATYKG_REQUIRE_BROWSER=1 ")
    assert "bash .ci/ensure-chromium" in (ROOT / ".ci" / "run").read_text()

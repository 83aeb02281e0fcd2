"""A normal install (a wheel, not an editable checkout) has the samples, the font and every resource."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHECK = """
import json, sys
import workbench
from workbench.bundled import resource
from workbench.core.data import load_dataset
from workbench.core.samples import default_sample, sample_files
print(json.dumps({
    "package": workbench.__file__,
    "samples": [p.name for p in sample_files()],
    "rows": load_dataset(default_sample()).summary.rows,
    "font": resource("fonts/WorkbenchSansSC-Regular.otf").stat().st_size,
    "licence": resource("fonts/OFL.txt").exists(),
    "translations": resource("translations/workbench_zh_CN.qm").stat().st_size,
}))
"""


def test_a_wheel_installed_in_a_fresh_venv_has_the_samples_and_the_font(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(wheels), str(REPO)], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("workbench-*.whl")
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True, timeout=60).stdout.strip())
    # The wheel's files, unpacked as pip would; its dependencies (TensorFlow, Qt...) are borrowed from this
    # environment, after the fresh venv's own site-packages, so `workbench` itself comes from the wheel.
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    out = subprocess.run([str(python), "-c", CHECK], check=True, capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    import json

    found = json.loads(out.stdout)
    assert found["package"].startswith(str(site)), found  # not this checkout
    assert found["samples"][0] == "support_tickets_en.csv" and "restaurant_reviews_zh.csv" in found["samples"]
    assert found["rows"] == 840 and 1_000_000 < found["font"] <= 5_000_000 and found["licence"]
    assert found["translations"] > 10_000  # the window's Chinese (resources/translations/*.qm)

"""The HTML report in a real browser (headless Chromium from the system packages): the
highlights are laid out and coloured by severity, every finding link has its target. A
screenshot is kept as a build artefact in tests/artifacts/ (not committed).

Skipped only when no Chromium is installed (.ci/run installs it).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetaudit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zhuzhou-beijing-office-2024-budget.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = next(
    (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p),
    None,
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

# Measures what the browser laid out and writes it into the page, for --dump-dom to carry out.
PROBE = """
<script>
(() => {
  const marks = [...document.querySelectorAll(".doc mark")].map(m => {
    const r = m.getBoundingClientRect();
    return {cls: m.className, w: r.width, h: r.height, bg: getComputedStyle(m).backgroundColor,
            text: m.textContent};
  });
  const links = [...document.querySelectorAll("ol.findings a")].map(
    a => !!document.getElementById(a.getAttribute("href").slice(1)));
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({marks, links});
  document.body.appendChild(pre);
})();
</script>
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # the report must not need the network
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_highlights_render_in_chromium(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["check", "--format", "html", "-o", str(report), str(SAMPLE)])
    assert result.exit_code == 1
    page = report.read_text("utf-8")
    probe_page = tmp_path / "probe.html"
    probe_page.write_text(page.replace("</body>", PROBE + "</body>"), "utf-8")

    dom = chromium(tmp_path, "--dump-dom", probe_page.as_uri())
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert match, f"no probe output; chromium said: {dom.stderr[-2000:]}"
    data = json.loads(html.unescape(match.group(1)))
    marks = data["marks"]
    assert len(marks) >= 6  # six warnings on the sample, each highlighted in place
    for mark in marks:
        assert mark["w"] > 0 and mark["h"] > 0, mark
        assert mark["cls"] == "warning"
        assert mark["bg"] == "rgb(255, 234, 160)", mark  # the warning colour, not transparent
    assert any(m["text"] == "增加（减少）" for m in marks)
    assert len(data["links"]) == 6 and all(data["links"])

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    shot.unlink(missing_ok=True)
    taken = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", report.as_uri())
    assert shot.is_file() and shot.stat().st_size > 10_000, taken.stderr[-2000:]

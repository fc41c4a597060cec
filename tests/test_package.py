"""The packaged app (``make package``): unpacked into a path with Hangul and spaces and run with a
clean environment (no venv, no Python on PATH, no system fonts): the CLI end to end and the app's
window with Hangul drawn from the bundled font. Runs when a bundle exists: the archive CURATOR_PACKAGE
names (``make package-test`` builds it and sets it), else the newest one in dist/; a fresh clone has
none, and its ``make test`` skips these."""

import glob
import json
import os
import subprocess
import tarfile

import pytest

from conftest import RESOURCES, documents_table, menu_words

BUILT = sorted(glob.glob(os.path.join(os.path.dirname(RESOURCES), "dist", "hangul-curator-*-linux-x86_64.tar.gz")),
               key=os.path.getmtime)
ARCHIVE = os.environ.get("CURATOR_PACKAGE") or (BUILT[-1] if BUILT else None)
pytestmark = pytest.mark.skipif(not ARCHIVE, reason="no package built (make package-test builds and tests one)")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("pkg") / "한글 경로" / "with space"
    root.mkdir(parents=True)
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(root, filter="tar")
    (top,) = list(root.iterdir())
    return top


def clean_env(tmp_path, **extra) -> dict:
    """Nothing of this machine's Python, and fontconfig that sees no font at all."""
    empty = tmp_path / "no-fonts"
    empty.mkdir(exist_ok=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir><cachedir>{tmp_path}/fc-cache</cachedir>'
                    '</fontconfig>', encoding="utf-8")
    return {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "FONTCONFIG_FILE": str(conf), **extra}


def run(exe, *args, env, cwd):
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def test_the_bundle_runs_the_cli_end_to_end_from_a_hangul_path(bundle, tmp_path):
    exe = bundle / "hangul-curator" / "hangul-curator"
    env = clean_env(tmp_path)
    assert run(exe, "--version", env=env, cwd=bundle).stdout.startswith("curator ")
    done = run(exe, "run", os.path.join(RESOURCES, "corpus"), "--out", "작업 공간", "--workers", "2", env=env, cwd=bundle)
    assert done.returncode == 0, done.stderr
    assert "kept" in done.stdout
    exported = run(exe, "export", "작업 공간", "--out", "내보내기", "--shard-size", "64KB", env=env, cwd=bundle)
    assert exported.returncode == 0, exported.stderr
    verified = run(exe, "verify", "내보내기", env=env, cwd=bundle)
    assert verified.returncode == 0 and "match the manifest" in verified.stdout
    ray = run(exe, "run", os.path.join(RESOURCES, "corpus"), "--out", "ray", "--executor", "ray", env=env, cwd=bundle)
    assert ray.returncode != 0 and "leaves Ray out" in ray.stderr and len(ray.stderr.strip().splitlines()) == 1
    # learning from decisions (scikit-learn inside): the filters' verdicts taken as the decisions
    table = documents_table(bundle / "작업 공간").select(["id", "kept"]).to_pylist()  # parts + derived.parquet
    (bundle / "결정.jsonl").write_text("".join(json.dumps({"id": r["id"], "decision": "accept" if r["kept"] else "reject"})
                                            + "\n" for r in table), encoding="utf-8")
    assert run(exe, "decisions", "import", "작업 공간", "결정.jsonl", env=env, cwd=bundle).returncode == 0
    learned = run(exe, "learn", "작업 공간", env=env, cwd=bundle)
    assert learned.returncode == 0 and "cross-validated" in learned.stdout, learned.stderr
    assert (bundle / "작업 공간" / "learned" / "model.npz").is_file()


def test_the_app_draws_hangul_from_the_bundled_font_on_a_machine_without_fonts(bundle, tmp_path):
    from PySide6.QtGui import QImage

    exe = bundle / "hangul-curator" / "hangul-curator"
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    assert run(exe, "run", os.path.join(RESOURCES, "corpus"), "--out", "ws", env=env, cwd=tmp_path).returncode == 0
    shot = tmp_path / "창 화면.png"
    done = run(exe, "gui", "ws", "--language", "ko", "--screenshot", str(shot), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert image.width() > 1000
    words = menu_words(image)  # the menu bar: 파일 · 결정 · 보기
    assert len(words) >= 3, len(words)
    # missing glyphs are drawn as the same box for every syllable: two words would look alike
    assert words[0] != words[1] and words[1] != words[2]
    assert all(len({ink for ink in w}) > 3 for w in words[:3])  # strokes, not two identical boxes


def test_install_puts_a_launcher_whose_exec_line_opens_a_real_window_and_uninstall_removes_only_its_files(
        bundle, tmp_path, xvfb_display):
    import shlex

    home = tmp_path / "홈 디렉터리"
    home.mkdir()
    apps = home / ".local" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "someone-else.desktop").write_text("[Desktop Entry]\nName=other\n", encoding="utf-8")
    env = clean_env(tmp_path, HOME=str(home))
    done = subprocess.run(["bash", str(bundle / "install.sh")], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    share = home / ".local" / "share"
    installed = (share / "hangul-curator" / "installed-files.txt").read_text(encoding="utf-8").splitlines()
    assert all(os.path.lexists(p) for p in installed) and len(installed) >= 7
    assert os.path.realpath(home / ".local" / "bin" / "curator").endswith("bundle/hangul-curator")
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "hangul-curator.png").exists()
    entry = (apps / "hangul-curator.desktop").read_text(encoding="utf-8")
    exec_line = next(line.split("=", 1)[1] for line in entry.splitlines() if line.startswith("Exec="))
    # the launcher's own command, on a real X display, opening a workspace
    assert run(home / ".local" / "bin" / "curator", "run", os.path.join(RESOURCES, "corpus"), "--out",
               str(tmp_path / "ws"), env=env, cwd=tmp_path).returncode == 0
    command = [a.replace("%f", str(tmp_path / "ws")) for a in shlex.split(exec_line)]
    shot = tmp_path / "launcher.png"
    window = subprocess.run(command + ["--screenshot", str(shot)], capture_output=True, text=True, timeout=300,
                            env={**env, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"})
    assert window.returncode == 0, window.stderr[-2000:]
    from PySide6.QtGui import QImage
    assert QImage(str(shot)).width() >= 1000
    gone = subprocess.run(["bash", str(bundle / "install.sh"), "--uninstall"], capture_output=True, text=True,
                          env=env, timeout=300)
    assert gone.returncode == 0, gone.stderr
    assert not any(os.path.lexists(p) for p in installed) and not (share / "hangul-curator").exists()
    assert (apps / "someone-else.desktop").exists()  # only its own files


def test_the_bundled_qt_binding_loses_no_reference_to_none(bundle, tmp_path):
    """The binding inside the bundle is the pinned one (6.12.0 aborted the app, issue 26)."""
    exe = bundle / "hangul-curator" / "hangul-curator"
    done = run(exe, "gui", "--check-binding", env=clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"), cwd=bundle)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PySide6 6.11.3" in done.stdout and "no reference to None lost" in done.stdout

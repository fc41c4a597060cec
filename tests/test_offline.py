"""No process of the product opens a network connection (issue 18, privacy): the whole flow runs in
a network namespace with only loopback, while an audit hook in every Python process (the CLI, its
workers, Ray's driver, workers and agents) logs each connect() and name lookup. Ray also runs as
a two-node cluster on loopback, and its tables equal a local run's."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import RESOURCES, ROOT, documents_table, run_cli

NETAUDIT = os.path.join(ROOT, "tests", "netaudit")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root")
LOOPBACK = ("127.0.0.1", "::1", "localhost")

# brings loopback up inside the fresh namespace (SIOCSIFFLAGS), no iproute2 needed
LO_UP = ("import fcntl, socket, struct; s = socket.socket(); "
         "fcntl.ioctl(s, 0x8914, struct.pack('16sH14s', b'lo', 0x1 | 0x8 | 0x40, b''))")


def _calls(log: str) -> list[dict]:
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _outside(call: dict) -> bool:
    """A call that reaches, or asks about, anything beyond this machine's loopback."""
    if call["event"] == "socket.bind":
        return False
    if call["event"] in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        if call["family"] == socket.AF_UNIX:
            return False
        return not any(f"'{host}'" in call["address"] for host in LOOPBACK)
    host = call["host"].strip("'b\"")  # a name lookup: only literal addresses and localhost
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
        return False
    except OSError:
        return host not in LOOPBACK and host != "None"


@needs_root
def test_whole_flow_in_a_network_namespace_makes_no_outside_connection(tmp_path):
    log = tmp_path / "net.log"
    cli = f"{sys.executable} -m curator.cli"
    corpus = os.path.join(RESOURCES, "corpus")
    script = f"""
        set -e
        {sys.executable} -c "{LO_UP}"
        {cli} run {corpus} --out {tmp_path}/local --workers 2 > /dev/null
        {cli} run {corpus} --out {tmp_path}/ray --workers 2 --executor ray > /dev/null
        printf 'rules:\\n  length:min_chars: {{signal: n_chars, min: 150}}\\n' > {tmp_path}/c.yaml
        {cli} apply {tmp_path}/local --config {tmp_path}/c.yaml > /dev/null
        {cli} export {tmp_path}/local --out {tmp_path}/export > /dev/null
        {cli} verify {tmp_path}/export > /dev/null
        {cli} tokenizer train {tmp_path}/export --vocab-size 900 --out {tmp_path}/tok > /dev/null
        {cli} tokenizer compare {tmp_path}/export --model {tmp_path}/tok/tokenizer.model > /dev/null
        {cli} gui {tmp_path}/local --screenshot {tmp_path}/shot.png > /dev/null
        echo FLOW-OK
    """
    env = dict(os.environ, PYTHONPATH=NETAUDIT, CURATOR_NET_LOG=str(log), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(["unshare", "-n", "bash", "-c", script], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=900)
    assert "FLOW-OK" in result.stdout, result.stderr[-3000:]
    calls = _calls(str(log))
    assert any(c["event"] == "socket.connect" for c in calls)  # the hook saw Ray's own loopback traffic
    outside = [c for c in calls if _outside(c)]
    assert outside == [], outside[:5]
    local, ray_table = documents_table(tmp_path / "ray"), documents_table(tmp_path / "local")
    assert local.column("id").equals(ray_table.column("id"))
    assert (tmp_path / "shot.png").stat().st_size > 10_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_node_ray_cluster_on_loopback_gives_the_local_tables(tmp_path):
    pytest.importorskip("ray")
    ray = os.path.join(os.path.dirname(sys.executable), "ray")
    port = _free_port()
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0", RAY_AUTH_MODE="disabled")
    common = ["--num-cpus=1", "--node-ip-address=127.0.0.1", "--block", "--disable-usage-stats"]
    head = subprocess.Popen([ray, "start", "--head", f"--port={port}", "--include-dashboard=false",
                             *common], env=env,  # default temp dir: socket paths must stay short
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nodes = [head]
    try:
        time.sleep(3)
        nodes.append(subprocess.Popen([ray, "start", f"--address=127.0.0.1:{port}", *common], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = subprocess.run([ray, "status", f"--address=127.0.0.1:{port}"], capture_output=True,
                                    text=True, env=env)
            if status.stdout.count(" node_") >= 2:
                break
            time.sleep(1)
        assert status.stdout.count(" node_") >= 2, status.stdout + status.stderr
        config = tmp_path / "small.yaml"
        config.write_text("run:\n  batch_docs: 4\n  part_rows: 10\n", encoding="utf-8")
        corpus = os.path.join(RESOURCES, "corpus")
        on_cluster = run_cli("run", corpus, "--out", str(tmp_path / "cluster"), "--executor", "ray",
                             "--ray-address", f"127.0.0.1:{port}", "--workers", "2", "--config", str(config))
        assert on_cluster.returncode == 0, on_cluster.stderr
        local = run_cli("run", corpus, "--out", str(tmp_path / "local"), "--workers", "2", "--config", str(config))
        assert local.returncode == 0, local.stderr
        a, b = documents_table(tmp_path / "cluster"), documents_table(tmp_path / "local")
        for name in a.column_names:
            assert a.column(name).equals(b.column(name)), name
        assert not (tmp_path / "cluster" / ".ray-staging").exists()  # staged batches cleaned up
    finally:
        for node in reversed(nodes):
            node.terminate()
        for node in nodes:
            try:
                node.wait(timeout=60)
            except subprocess.TimeoutExpired:
                node.kill()

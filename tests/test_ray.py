"""The Ray executor gives the same documents table as the local one (skipped only without Ray;
``make test`` installs it)."""


import pytest

from conftest import RESOURCES, documents_table, run_cli


def test_missing_ray_is_a_clear_error(tmp_path):
    fake = tmp_path / "no-ray" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    result = run_cli("run", f"{RESOURCES}/corpus", "--out", str(tmp_path / "ws"), "--executor", "ray",
                     env={"PYTHONPATH": str(tmp_path / "no-ray")})
    assert result.returncode == 1 and "pip install 'curator[ray]'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_ray_and_local_executors_give_identical_tables(tmp_path):
    pytest.importorskip("ray")
    config = tmp_path / "small.yaml"
    config.write_text("run:\n  batch_docs: 4\n  part_rows: 10\n", encoding="utf-8")
    tables = {}
    for executor in ("local", "ray"):
        ws = tmp_path / executor
        result = run_cli("run", f"{RESOURCES}/corpus", "--out", str(ws), "--executor", executor, "--workers", "2",
                         "--config", str(config), env={"RAY_AUTH_MODE": "disabled"})
        assert result.returncode == 0, result.stderr
        tables[executor] = documents_table(ws)
        assert len(list((ws / "documents").glob("part-*.parquet"))) == 4
    local, ray_table = tables["local"], tables["ray"]
    assert local.num_rows == ray_table.num_rows == 33
    for name in local.column_names:  # row by row, column by column
        assert local.column(name).equals(ray_table.column(name)), name
    assert (tmp_path / "local" / "errors.jsonl").read_text() == (tmp_path / "ray" / "errors.jsonl").read_text()

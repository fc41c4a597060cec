"""The local executor's stream mode (one process, one Kiwi with its own threads, batches begun
ahead of the one finished) gives exactly what the process pool gives; its Kiwi stream gives
exactly what a Kiwi call per batch gives; order, errors and cancelling hold."""

import os

import numpy as np
import pytest

from conftest import RESOURCES, documents_table, run_cli
from curator.errors import Cancelled, CuratorError
from curator.korean import kiwi_pool
from curator.pipeline.executor import LocalExecutor

TEXTS = ["대한민국은 민주공화국이다.\n\n모든 권력은 국민으로부터 나온다.", "", "  \n ", "ㅋㅋㅋ 진짜요?? https://a.kr 2024년",
         "나는 밥을 먹었다. " * 300, "漢字와 English가 섞인 문장입니다.\n짧은 줄\n또 짧은 줄"]


def test_stream_tokens_equal_one_call_per_batch():
    stream = kiwi_pool.KiwiStream(2)
    try:
        batches = [TEXTS, [], TEXTS[:1], [""], TEXTS[::-1]]
        futures = [stream.submit(batch) for batch in batches]  # all queued before any is read
        for batch, future in zip(batches, futures):
            got, cpu = future.result(timeout=120)
            want = kiwi_pool.tokenize_batch(batch)
            assert cpu >= 0
            assert np.array_equal(got.bounds, want.bounds)
            for i in range(len(batch)):
                assert got.morphs(i) == want.morphs(i)
    finally:
        stream.close()
    assert stream.submit(TEXTS).exception(timeout=5) is not None  # closed


def _begin(item, offset):
    return item + offset  # a str item raises TypeError


def _finish(begun):
    return begun * 10


def _whole(item, offset):
    return _finish(_begin(item, offset))


_whole.stages = (_begin, _finish)


def test_stream_mode_keeps_order_and_raises_a_batch_error():
    executor = LocalExecutor(2, mode="stream")
    assert list(executor.map_ordered(_whole, range(20), (1,))) == [(i + 1) * 10 for i in range(20)]
    with pytest.raises(TypeError):  # a batch's own error, raised in the driver
        list(executor.map_ordered(_whole, [1, 2, "x", 4], (1,)))


def test_stream_mode_stops_when_asked():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        list(LocalExecutor(2, mode="stream").map_ordered(_whole, range(1000), (1,), stop=stop))


def test_mode_choice():
    assert LocalExecutor(2).mode == "stream"
    assert LocalExecutor(16).mode == "pool"
    assert LocalExecutor(16, mode="stream").mode == "stream"
    os.environ["CURATOR_LOCAL_MODE"] = "pool"
    try:
        assert LocalExecutor(2).mode == "pool"
        os.environ["CURATOR_LOCAL_MODE"] = "threads"
        with pytest.raises(CuratorError):
            LocalExecutor(2)
    finally:
        del os.environ["CURATOR_LOCAL_MODE"]


def test_stream_and_pool_give_identical_documents(tmp_path):
    config = tmp_path / "small.yaml"
    config.write_text("run:\n  batch_docs: 4\n  part_rows: 10\n", encoding="utf-8")
    tables = {}
    for mode in ("pool", "stream"):
        ws = tmp_path / mode
        result = run_cli("run", f"{RESOURCES}/corpus", os.path.join(os.path.dirname(__file__), "data", "labelled.jsonl"),
                         "--out", str(ws), "--workers", "2", "--config", str(config),
                         env={"CURATOR_LOCAL_MODE": mode})
        assert result.returncode == 0, result.stderr
        tables[mode] = documents_table(ws)
    pool, stream = tables["pool"], tables["stream"]
    assert pool.num_rows == stream.num_rows > 100
    for name in pool.column_names:
        assert pool.column(name).equals(stream.column(name)), name

"""A short soak: consecutive runs in one window leak no threads or file handles, and memory stays flat.

The long version (20 runs, with event-loop stall figures) is bench/bench_gui_soak.py.
"""

from bench.bench_gui_soak import soak


def test_six_runs_in_one_window(qtbot, tiny_folder):
    def wait(predicate, timeout_s):
        qtbot.waitUntil(lambda: bool(predicate()), timeout=int(timeout_s * 1000))

    r = soak(6, tiny_folder, wait=wait)
    reasons = [s["reason"] for s in r["samples"]]
    assert reasons.count("stopped") == 3 and reasons.count("completed") == 3, reasons
    assert r["thread_growth"] <= 0, r["samples"]
    assert r["fd_growth"] <= 2, r["samples"]  # a lazily opened library file may appear once
    assert r["rss_growth_mb"] < 50, r["samples"]

#!/usr/bin/env python3
"""asyncio versions of weft's workloads 1, 3, 4, 6 and 8: the outside reference of the report.

Each workload mirrors its Java class in bench/src/main/java/dev/weft/bench (same batch sizes,
same parameters), and the results are written in the shape of JMH's JSON (benchmark
"asyncio.<Workload>Benchmark.asyncio", params, primaryMetric score/scoreError/scoreUnit), so the
report reads them with the JMH results and puts asyncio in the same tables.

    python3 asyncio_bench.py --profile quick|full|smoke --jmh-out asyncio.json --memory-out mem.json

The error is the half-width of a 99.9% confidence interval (Student's t), as JMH reports it.
Workload 8 (memory) runs each repeat in a fresh interpreter: 100k tasks waiting on one
asyncio.Event, bytes per task from tracemalloc (Python's heap) and from VmRSS.
"""

import argparse
import asyncio
import gc
import json
import math
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc

# Same batch sizes as the Java benchmarks.
PING_PONG_ROUNDS = 10_000  # PingPongBenchmark.ROUNDS
QUEUE_ITEMS = 100_000      # QueueBenchmark.ITEMS
QUEUE_CAPACITY = 1024      # QueueBenchmark.CAPACITY
SWITCHES = 100_000         # SwitchBenchmark.SWITCHES
MEMORY_TASKS = 100_000     # MemoryHarness: weft and virtual threads park 100k

# (warm-up runs, measured runs, size divisor) per profile; smoke only proves the scripts run.
PROFILES = {"smoke": (0, 2, 100), "quick": (2, 5, 1), "full": (5, 20, 1)}

# Student's t, two-sided 99.9%, by degrees of freedom (JMH's confidence level).
T999 = [636.62, 31.60, 12.92, 8.61, 6.87, 5.96, 5.41, 5.04, 4.78, 4.59, 4.44, 4.32, 4.22, 4.14,
        4.07, 4.01, 3.97, 3.92, 3.88, 3.85, 3.82, 3.79, 3.77, 3.75, 3.73, 3.71, 3.69, 3.67, 3.66, 3.65]


async def spawn(n):
    async def nothing():
        pass
    tasks = [asyncio.create_task(nothing()) for _ in range(n)]
    for t in tasks:
        await t


async def ping_pong(rounds):
    ping, pong = asyncio.Queue(1), asyncio.Queue(1)
    ball = object()

    async def other():
        for _ in range(rounds):
            await pong.put(await ping.get())
    echo = asyncio.create_task(other())
    for _ in range(rounds):
        await ping.put(ball)
        await pong.get()
    await echo


async def queue_throughput(items, pairs):
    queue = asyncio.Queue(QUEUE_CAPACITY)
    item = object()
    each = items // pairs

    async def producer():
        for _ in range(each):
            await queue.put(item)

    async def consumer():
        for _ in range(each):
            await queue.get()
    await asyncio.gather(*[f() for _ in range(pairs) for f in (producer, consumer)])


async def switch(tasks, switches):
    each = switches // tasks

    async def yielder():
        for _ in range(each):
            await asyncio.sleep(0)
    await asyncio.gather(*[yielder() for _ in range(tasks)])


def measure(make, warmups, runs):
    """Times `runs` batches after `warmups`, all in one event loop (as the Java benchmarks reuse
    one Loop per trial); returns seconds per batch."""
    async def batches():
        times = []
        for i in range(warmups + runs):
            start = time.perf_counter()
            await make()
            elapsed = time.perf_counter() - start
            if i >= warmups:
                times.append(elapsed)
        return times
    return asyncio.run(batches())


def jmh_entry(workload, params, times, per_batch, unit):
    """One JMH-shaped result: score per op in `unit` (ns or us), op = one batch / per_batch."""
    scale = {"ns": 1e9, "us": 1e6, "ms": 1e3}[unit]
    values = [t * scale / per_batch for t in times]
    mean = statistics.fmean(values)
    if len(values) > 1:
        t = T999[len(values) - 2] if len(values) - 2 < len(T999) else 3.29
        error = t * statistics.stdev(values) / math.sqrt(len(values))
    else:
        error = float("nan")
    return {
        "benchmark": f"asyncio.{workload}Benchmark.asyncio",
        "mode": "avgt",
        "params": {k: str(v) for k, v in params.items()},
        "primaryMetric": {"score": mean, "scoreError": error, "scoreUnit": f"{unit}/op",
                          "rawData": [values]},
        "jvm": sys.executable,
        "jdkVersion": "CPython " + platform.python_version(),
    }


def run_timed(profile):
    warmups, runs, divisor = PROFILES[profile]
    results = []
    for n in (1000, 10_000):
        n = max(1, n // divisor)
        results.append(jmh_entry("Spawn", {"n": n}, measure(lambda: spawn(n), warmups, runs), 1, "us"))
    rounds = PING_PONG_ROUNDS // divisor
    results.append(jmh_entry("PingPong", {}, measure(lambda: ping_pong(rounds), warmups, runs), rounds, "ns"))
    for pairs in (1, 4):
        items = QUEUE_ITEMS // divisor
        results.append(jmh_entry("Queue", {"pairs": pairs},
                                 measure(lambda: queue_throughput(items, pairs), warmups, runs), items, "ns"))
    for tasks in (2, 1000):
        switches = max(tasks, SWITCHES // divisor)
        results.append(jmh_entry("Switch", {"tasks": tasks},
                                 measure(lambda: switch(tasks, switches), warmups, runs), switches, "ns"))
    return results


def rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


async def parked_tasks(count):
    """Parks `count` tasks on one Event; returns (traced bytes, rss bytes) per task."""
    gate = asyncio.Event()
    gc.collect()
    traced_before, rss_before = tracemalloc.get_traced_memory()[0], rss_bytes()
    tasks = [asyncio.create_task(gate.wait()) for _ in range(count)]
    await asyncio.sleep(0)  # let every task start and park on the event
    gc.collect()
    traced_after, rss_after = tracemalloc.get_traced_memory()[0], rss_bytes()
    gate.set()
    await asyncio.gather(*tasks)
    return (traced_after - traced_before) / count, (rss_after - rss_before) / count


def measure_memory(count):
    tracemalloc.start()
    heap, rss = asyncio.run(parked_tasks(count))
    print(json.dumps({"kind": "asyncio", "count": count, "heapBytesPerUnit": heap,
                      "rssBytesPerUnit": rss, "python": platform.python_version()}))


def run_memory(profile):
    divisor = PROFILES[profile][2]
    repeats = {"smoke": 1, "quick": 1, "full": 5}[profile]
    lines = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, __file__, "--measure-memory", str(MEMORY_TASKS // divisor)],
                             check=True, capture_output=True, text=True).stdout
        lines.append(json.loads(out))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=PROFILES, default="quick")
    parser.add_argument("--jmh-out", help="where to write the JMH-shaped timings")
    parser.add_argument("--memory-out", help="where to write the memory results")
    parser.add_argument("--measure-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_memory:
        measure_memory(args.measure_memory)
        return
    if args.jmh_out:
        with open(args.jmh_out, "w") as f:
            json.dump(run_timed(args.profile), f, indent=1)
    if args.memory_out:
        with open(args.memory_out, "w") as f:
            json.dump(run_memory(args.profile), f, indent=1)


if __name__ == "__main__":
    main()

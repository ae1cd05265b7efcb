package dev.weft.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's arithmetic: per-unit normalisation, ratios and verdicts come from the scores. */
class TargetTest {

    /** One JMH-shaped result, as JMH 1.37 writes it (an unmeasured error is the string "NaN"). */
    private static String result(String benchmark, String params, double score, String unit) {
        return String.format(Locale.ROOT, """
                {"jmhVersion": "1.37", "benchmark": "dev.weft.bench.%s", "mode": "avgt", "forks": 1,
                 "params": {%s},
                 "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "%s"},
                 "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": 2000.0, "scoreUnit": "B/op"}}}""",
                benchmark, params, score, unit);
    }

    private static List<Result> results(String... entries) {
        return Result.fromJmh("[" + String.join(",", entries) + "]");
    }

    private static Target.Line line(List<Target.Line> lines, String prefix) {
        return lines.stream().filter(l -> l.text().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void spawnRatioIsPerTaskAndComparedAtTheSameN() {
        List<Result> rows = results(
                result("SpawnBenchmark.weftParallel", "\"n\": \"1000\"", 1500, "us/op"),
                result("SpawnBenchmark.virtualThreads", "\"n\": \"1000\"", 1000, "us/op"),
                result("SpawnBenchmark.platformThreads", "\"n\": \"1000\"", 60000, "us/op"),
                // 100 processes in 150 ms: 1.5 ms a task, 1000x weft's 1.5 us a task
                result("SpawnBenchmark.processes", "\"n\": \"100\"", 150, "ms/op"));
        List<Target.Line> lines = Target.evaluate(rows, List.of());

        Target.Line vt = line(lines, "spawn+join: weft ≤ 1.5× raw virtual threads");
        assertEquals("1.50×", vt.measured());
        assertTrue(vt.verdict().startsWith("met"), vt.verdict());

        Target.Line platform = line(lines, "spawn+join: weft ≥ 20× faster than a platform thread");
        assertEquals("40.00×", platform.measured());

        Target.Line processes = line(lines, "spawn+join: weft ≥ 1,000× faster than a process");
        assertEquals("1000.00×", processes.measured());
        assertTrue(processes.verdict().startsWith("met"), processes.verdict());

        assertEquals(1500.0, Workload.Spawn.perUnit(rows.get(0)), 1e-9);
        assertEquals(2.0, Workload.Spawn.allocPerUnit(rows.get(0)), 1e-9);
    }

    @Test
    void aMissedTargetSaysByHowMuchAndWhatItAllocates() {
        List<Target.Line> lines = Target.evaluate(results(
                result("PingPongBenchmark.weftParallel", "", 5700, "ns/op"),
                result("PingPongBenchmark.synchronousQueueVirtual", "", 1000, "ns/op")), List.of());

        Target.Line pingPong = line(lines, "ping-pong: weft Queue(1) ≤ 1.3× SynchronousQueue");
        assertEquals("5.70×", pingPong.measured());
        assertTrue(pingPong.verdict().startsWith("**missed** by 4.38×"), pingPong.verdict());
        assertTrue(pingPong.verdict().contains("allocates 2000 B per round trip"), pingPong.verdict());
        assertEquals("not measured (no asyncio result)",
                line(lines, "ping-pong: weft Queue(1) ≥ 8× faster than asyncio").verdict());
    }

    @Test
    void fanOutIsTheIdealOverTheAchievedTime() {
        // 10k tasks, 1000 at once, 10 ms each: ideal 100 ms
        List<Target.Line> lines = Target.evaluate(results(
                result("FanOutBenchmark.weftParallel", "\"tasks\": \"10000\"", 150, "ms/op")), List.of());
        Target.Line fanOut = line(lines, "I/O fan-out ≥ 0.9 of ideal");
        assertEquals("0.667", fanOut.measured());
        assertTrue(fanOut.verdict().startsWith("**missed** by 1.35×"), fanOut.verdict());
    }

    @Test
    void memoryIsWeftHeapOverVirtualThreadHeapAveragedOverRepeats() {
        List<Memory> memory = Memory.read("""
                [{"kind": "weft", "count": 100000, "heapBytesPerUnit": 1300.0, "rssBytesPerUnit": 2000.0},
                 {"kind": "weft", "count": 100000, "heapBytesPerUnit": 1100.0, "rssBytesPerUnit": 2000.0},
                 {"kind": "virtualThreads", "count": 100000, "heapBytesPerUnit": 1000.0, "rssBytesPerUnit": 1500.0}]""");
        Target.Line line = line(Target.evaluate(results(
                result("SpawnBenchmark.weftParallel", "\"n\": \"1000\"", 1500, "us/op")), memory), "memory:");
        assertEquals("1.20×", line.measured());
        assertTrue(line.verdict().startsWith("**missed**"), line.verdict());
    }

    @Test
    void jsonReadsWhatPythonWrites() {
        assertTrue(Double.isNaN(Json.number(Json.parse("NaN"))));
        assertEquals(List.of(1.5, -2.0e3, "a\"b"), Json.parse("[1.5, -2e3, \"a\\\"b\"]"));
    }
}

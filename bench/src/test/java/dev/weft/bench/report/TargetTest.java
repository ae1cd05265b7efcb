package dev.weft.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's arithmetic: per-unit normalisation, ratios and verdicts come from the scores. */
class TargetTest {

    /** One JMH-shaped result, as JMH 1.37 writes it (an unmeasured error is the string "NaN"). */
    private static String result(String benchmark, String params, double score, String unit) {
        return result(benchmark, params, score, "\"NaN\"", unit);
    }

    private static String result(String benchmark, String params, double score, String error, String unit) {
        return String.format(Locale.ROOT, """
                {"jmhVersion": "1.37", "benchmark": "dev.weft.bench.%s", "mode": "avgt", "forks": 1,
                 "params": {%s},
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "%s"},
                 "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": 2000.0, "scoreUnit": "B/op"}}}""",
                benchmark, params, score, error, unit);
    }

    private static List<Result> results(String... entries) {
        return Result.fromJmh("[" + String.join(",", entries) + "]");
    }

    private static Target.Line line(List<Target.Line> lines, String prefix) {
        return lines.stream().filter(l -> l.text().startsWith(prefix)).findFirst().orElseThrow();
    }

    /** One fork's JMH result with its measured iterations, as a round of {@code bench/report} writes it. */
    private static String round(String benchmark, double alloc, double... iterations) {
        StringBuilder raw = new StringBuilder();
        double sum = 0;
        for (double v : iterations) {
            raw.append(raw.isEmpty() ? "" : ", ").append(v);
            sum += v;
        }
        return String.format(Locale.ROOT, """
                {"jmhVersion": "1.37", "benchmark": "dev.weft.bench.%s", "mode": "avgt", "forks": 1,
                 "params": {"n": "10"},
                 "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "us/op", "rawData": [[%s]]},
                 "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": %s, "scoreUnit": "B/op"}}}""",
                benchmark, sum / iterations.length, raw, alloc);
    }

    @Test
    void theRoundsOfABenchmarkAreMergedAsTheForksOfOneRun() {
        List<Result> merged = Result.mergeRuns(results(
                round("SpawnBenchmark.weftParallel", 100, 1, 2, 3),
                round("SpawnBenchmark.virtualThreads", 50, 1, 1, 1),
                round("SpawnBenchmark.weftParallel", 300, 5, 6, 7)));

        assertEquals(2, merged.size());
        Result weft = merged.get(0);
        assertEquals("weftParallel", weft.impl());
        assertEquals(4.0, weft.score(), 1e-9); // the mean of all six iterations
        // JMH's 99.9% half-width over the six: t(0.9995, 5) * stddev / sqrt(6)
        double stddev = Math.sqrt((9 + 4 + 1 + 1 + 4 + 9) / 5.0);
        assertEquals(6.8688 * stddev / Math.sqrt(6), weft.error(), 1e-3);
        assertEquals(200.0, weft.alloc(), 1e-9);
        assertEquals(2, ((Number) weft.raw().get("forks")).intValue());
        Result vt = merged.get(1);
        assertEquals(1.0, vt.score(), 1e-9); // met once: as it was
        assertEquals(1, ((Number) vt.raw().get("forks")).intValue());
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
    void theLockTargetIsForTheUncontendedRowOnly() {
        List<Target.Line> lines = Target.evaluate(results(
                result("LockBenchmark.weftLock", "\"tasks\": \"1\"", 17, "ns/op"),
                result("LockBenchmark.reentrantLock", "\"tasks\": \"1\"", 15, "ns/op"),
                result("LockBenchmark.weftLock", "\"tasks\": \"4\"", 1400, "ns/op"),
                result("LockBenchmark.reentrantLock", "\"tasks\": \"4\"", 40, "ns/op")), List.of());

        List<Target.Line> lock = lines.stream().filter(l -> l.text().startsWith("uncontended Lock")).toList();
        assertEquals(1, lock.size(), lock.toString());
        assertEquals("uncontended Lock ≤ 1.1× ReentrantLock (issue 9) (tasks=1)", lock.get(0).text());
        assertEquals("1.13×", lock.get(0).measured());
        assertTrue(lock.get(0).verdict().startsWith("**missed**"), lock.get(0).verdict());
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
    void theFrozenStackOfEachRepeatIsListedWhereTheHarnessReadIt() {
        List<Memory.Summary> s = Memory.summarise(Memory.read("""
                [{"kind": "weft", "count": 10, "heapBytesPerUnit": 900.0, "rssBytesPerUnit": 0.0,
                  "stackWordsMean": 34.4, "stackWordsMin": 28, "stackWordsMax": 136},
                 {"kind": "weft", "count": 10, "heapBytesPerUnit": 1000.0, "rssBytesPerUnit": 0.0,
                  "stackWordsMean": 58.0, "stackWordsMin": 58, "stackWordsMax": 90},
                 {"kind": "kotlin", "count": 10, "heapBytesPerUnit": 300.0, "rssBytesPerUnit": 0.0}]"""));
        assertEquals(List.of("34 (28-136)", "58 (58-90)"), s.get(0).stacks());
        assertEquals(List.of(), s.get(1).stacks());
    }

    @Test
    void theWarmUpCyclesFrozenStacksFollowTheMeasuredOnesWhereTheHarnessReadThem() {
        List<Memory.Summary> s = Memory.summarise(Memory.read("""
                [{"kind": "weft", "count": 10, "heapBytesPerUnit": 900.0, "rssBytesPerUnit": 0.0,
                  "stackWordsMean": 64.0, "stackWordsMin": 64, "stackWordsMax": 124,
                  "warmUpStackWords": [174.6, 94.4, 65.8, 64.8, 64.0]},
                 {"kind": "weft", "count": 10, "heapBytesPerUnit": 1000.0, "rssBytesPerUnit": 0.0,
                  "stackWordsMean": 58.0, "stackWordsMin": 58, "stackWordsMax": 90}]"""));
        assertEquals(List.of("64 (64-124) after 175/94/66/65/64", "58 (58-90)"), s.get(0).stacks());
    }

    @Test
    void theHeapLessFrozenFramesTakesEachRepeatsOwnWordsOut() {
        List<Memory.Summary> s = Memory.summarise(Memory.read("""
                [{"kind": "weft", "count": 10, "heapBytesPerUnit": 800.0, "rssBytesPerUnit": 0.0,
                  "stackWordsMean": 30.0, "stackWordsMin": 30, "stackWordsMax": 30},
                 {"kind": "weft", "count": 10, "heapBytesPerUnit": 1000.0, "rssBytesPerUnit": 0.0,
                  "stackWordsMean": 55.0, "stackWordsMin": 55, "stackWordsMax": 90},
                 {"kind": "kotlin", "count": 10, "heapBytesPerUnit": 300.0, "rssBytesPerUnit": 0.0}]"""));
        // 800 - 8 × 30 = 560 and 1000 - 8 × 55 = 560: the spread of the heap figure was all frames
        assertEquals(560.0, s.get(0).lessFrames(), 1e-9);
        assertEquals(0.0, s.get(0).lessFramesError(), 1e-9);
        assertEquals(900.0, s.get(0).heap(), 1e-9);
        assertTrue(Double.isNaN(s.get(1).lessFrames()), "no frames read, nothing to take out");
    }

    @Test
    void eachCoreLatencyProbeIsListedWithItsSpreadOnlyWhereItIsWide() {
        List<Latency> probes = Latency.read("""
                [{"label": "before Spawn", "roundTripNs": 412.3, "leastNs": 380.0, "mostNs": 430.0},
                 {"label": "before PingPong", "roundTripNs": 61.0, "leastNs": 58.0, "mostNs": 390.0}]""");
        assertEquals("before Spawn 412 ns; before PingPong 61 ns (58-390)", Latency.describe(probes));
    }

    @Test
    void jsonReadsWhatPythonWrites() {
        assertTrue(Double.isNaN(Json.number(Json.parse("NaN"))));
        assertEquals(List.of(1.5, -2.0e3, "a\"b"), Json.parse("[1.5, -2e3, \"a\\\"b\"]"));
    }

    @Test
    void aRatiosErrorIsTheRelativeErrorsAddedInQuadrature() {
        List<Result> rows = results(
                result("JfrBenchmark.spawnJfrOff", "", 1040, "40.0", "ns/op"),
                result("JfrBenchmark.spawnWithoutEvents", "", 1000, "30.0", "ns/op"));
        Ratio r = Ratio.of(Workload.Jfr, rows.get(0), rows.get(1));
        assertEquals(1.04, r.value(), 1e-12);
        // 1.04 × √((40/1040)² + (30/1000)²) = 1.04 × √(0.0014793 + 0.0009) = 0.0507
        assertEquals(1.04 * Math.sqrt(Math.pow(40 / 1040.0, 2) + Math.pow(0.03, 2)), r.error(), 1e-12);
        assertEquals("1.04 ± 0.05", r.text());
        assertTrue(Double.isNaN(Ratio.of(Workload.Jfr, results(result("JfrBenchmark.spawnJfrOff", "", 1, "ns/op")).get(0),
                rows.get(1)).error()));
    }

    @Test
    void jfrOffIsMetWhenTheIntervalReachesOneAndMissedWhenItIsAllAbove() {
        List<Target.Line> lines = Target.evaluate(results(
                // spawn: 1.04 ± 0.05, interval [0.99, 1.09]: cannot tell from equal
                result("JfrBenchmark.spawnJfrOff", "", 1040, "40.0", "ns/op"),
                result("JfrBenchmark.spawnWithoutEvents", "", 1000, "30.0", "ns/op"),
                // ping-pong: 1.20 ± about 0.01, interval all above 1
                result("JfrBenchmark.pingPongJfrOff", "", 2400, "10.0", "ns/op"),
                result("JfrBenchmark.pingPongWithoutEvents", "", 2000, "10.0", "ns/op")), List.of());

        Target.Line spawn = line(lines, "JFR off: spawn+join not slower");
        assertEquals("1.04 ± 0.05×", spawn.measured());
        assertEquals("met within the error, interval [0.99, 1.09]", spawn.verdict());

        Target.Line pingPong = line(lines, "JFR off: Queue(1) ping-pong not slower");
        assertEquals("1.20 ± 0.01×", pingPong.measured());
        assertTrue(pingPong.verdict().startsWith("**missed**: slower, the whole interval [1.19, 1.21] is above 1"),
                pingPong.verdict());
    }

    @Test
    void jfrOffWithoutAnErrorOrARowHasNoVerdict() {
        List<Target.Line> lines = Target.evaluate(results(
                result("JfrBenchmark.spawnJfrOff", "", 900, "ns/op"),
                result("JfrBenchmark.spawnWithoutEvents", "", 1000, "ns/op")), List.of());
        assertTrue(line(lines, "JFR off: spawn+join").verdict().startsWith("n/a: no error"));
        assertEquals("not measured", line(lines, "JFR off: Queue(1) ping-pong").verdict());
    }

    @Test
    void jfrRowsCompareWithTheSamePathWithoutEvents() {
        assertEquals("spawnWithoutEvents", Workload.Jfr.baselineOf("spawnRecording"));
        assertEquals("pingPongWithoutEvents", Workload.Jfr.baselineOf("pingPongJfrOff"));
        assertEquals("pingPongWithoutEvents", Workload.Jfr.baselineOf("pingPongWithoutEvents"));
        assertEquals("weft", Workload.TaskGroup.baselineOf("virtualThreads"));
    }

    @Test
    void theReportListsEachSectionsRatiosWithTheirErrors(@TempDir Path dir) throws Exception {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + String.join(",",
                result("TaskGroupBenchmark.weft", "\"n\": \"10\"", 2000, "100.0", "ns/op"),
                result("TaskGroupBenchmark.weftOnStructuredTaskScope", "\"n\": \"10\"", 3000, "100.0", "ns/op"),
                result("TaskGroupBenchmark.virtualThreads", "\"n\": \"10\"", 1000, "50.0", "ns/op"),
                result("TaskGroupBenchmark.virtualThreads", "\"n\": \"1000\"", 800, "8.0", "ns/op"),
                result("JfrBenchmark.spawnJfrOff", "", 1040, "40.0", "ns/op"),
                result("JfrBenchmark.spawnWithoutEvents", "", 1000, "30.0", "ns/op")) + "]");
        Path out = dir.resolve("out");
        Report.main(new String[] {"--out", out.toString(), "--command", "test", "--jmh", jmh.toString()});
        String report = Files.readString(out.resolve("REPORT.md"));

        // weft ÷ virtualThreads at n=10: 2.00 ± 2 × √(0.05² + 0.05²) = 0.14
        assertTrue(report.contains("| weft ÷ virtualThreads | n=10 | 2.00 ± 0.14 |"), report);
        assertTrue(report.contains("| weftOnStructuredTaskScope ÷ weft | n=10 | 1.50 ± 0.09 |"), report);
        // no structuredTaskScope row, and no weft row at n=1000: those ratios are left out
        assertTrue(!report.contains("÷ structuredTaskScope") && !report.contains("n=1000 | 0."), report);
        assertTrue(report.contains("| spawnJfrOff ÷ spawnWithoutEvents |  | 1.04 ± 0.05 |"), report);
        // the JFR table divides by the same path without events; its section comes after memory (8)
        assertTrue(report.contains("| spawnJfrOff |  | 1.04 µs | 40.0 ns | 1040.000 ns/op | 1.04 |"), report);
        assertTrue(report.indexOf("## 8. Memory") < report.indexOf("## 9. TaskGroup on each backend (issue 12)"), report);
        assertTrue(report.indexOf("## 9. TaskGroup") < report.indexOf("## 10. JFR events (issue 11)"), report);
    }

    @Test
    void theReportSaysItsForksRanInRoundsOnlyWhenItMergedRounds(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("jmh-Spawn.1.json");
        Path two = dir.resolve("jmh-Spawn.2.json");
        Files.writeString(one, "[" + round("SpawnBenchmark.weftParallel", 100, 1, 2, 3) + "]");
        Files.writeString(two, "[" + round("SpawnBenchmark.weftParallel", 100, 5, 6, 7) + "]");
        String rounds = "Each workload's forks ran in rounds";

        Path single = dir.resolve("single");
        Report.main(new String[] {"--out", single.toString(), "--command", "test", "--jmh", one.toString()});
        assertTrue(!Files.readString(single.resolve("REPORT.md")).contains(rounds));

        Path merged = dir.resolve("merged");
        Report.main(new String[] {"--out", merged.toString(), "--command", "test", "--jmh", one.toString(),
                "--jmh", two.toString()});
        assertTrue(Files.readString(merged.resolve("REPORT.md")).contains(rounds));
    }

    @Test
    void theCarrierHopsProfileFollowsThePingPongSectionOneRowPerPlay(@TempDir Path dir) throws Exception {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + result("PingPongBenchmark.weftParallel", "", 3000, "100.0", "ns/op") + "]");
        Path hops = dir.resolve("hops.json");
        Files.writeString(hops, """
                [{"kind": "weft", "rounds": 200000, "nsPerRoundTrip": 3132.4, "sameCarrier": 0.9081},
                 {"kind": "synchronousQueue", "rounds": 200000, "nsPerRoundTrip": 953.0, "sameCarrier": 0.015}]
                """);
        Path out = dir.resolve("out");
        Report.main(new String[] {"--out", out.toString(), "--command", "test", "--jmh", jmh.toString(),
            "--hops", hops.toString()});
        String report = Files.readString(out.resolve("REPORT.md"));

        assertTrue(report.contains("| weft | 3.13 µs | 90.8% |"), report);
        assertTrue(report.contains("| synchronousQueue | 953 ns | 1.5% |"), report);
        assertTrue(report.contains("200,000 measured round trips"), report);
        int pingPong = report.indexOf("## 3. Ping-pong");
        int hopsAt = report.indexOf("### Where the ping-pong's time goes");
        assertTrue(pingPong >= 0 && pingPong < hopsAt && hopsAt < report.indexOf("## 4. Queue throughput"), report);
    }

    @Test
    void theQueueSamplesFollowTheQueueSectionOneColumnPerJvm(@TempDir Path dir) throws Exception {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + result("QueueBenchmark.weftParallel", "", 3000, "200.0", "ns/op") + "]");
        Path samples = dir.resolve("samples.json");
        Files.writeString(samples, """
                [{"kind": "weft", "items": 100000, "warmSeconds": 4, "recordSeconds": 4, "nsPerItem": 160.5,
                  "samples": 2533, "marks": {"lock": 0.1737, "unmount": 0.1429},
                  "top": [{"method": "AbstractQueuedSynchronizer.signalNext", "share": 0.2756}]},
                 {"kind": "arrayBlockingQueue", "items": 100000, "warmSeconds": 4, "recordSeconds": 4, "nsPerItem": 143.4,
                  "samples": 2696, "marks": {"lock": 0.4826, "unmount": 0.0056},
                  "top": [{"method": "ReentrantLock$Sync.lockInterruptibly", "share": 0.549}]}]
                """);
        Path out = dir.resolve("out");
        Report.main(new String[] {"--out", out.toString(), "--command", "test", "--jmh", jmh.toString(),
            "--samples", samples.toString()});
        String report = Files.readString(out.resolve("REPORT.md"));

        assertTrue(report.contains("100,000 items a batch) played from the main thread as JMH plays them, 4.00 s"), report);
        assertTrue(report.contains("| | weft | arrayBlockingQueue |"), report);
        assertTrue(report.contains("| per item | 161 ns | 143 ns |"), report);
        assertTrue(report.contains("| lock | 17.4% | 48.3% |"), report);
        assertTrue(report.contains("| unmount | 14.3% | 0.6% |"), report);
        assertTrue(report.contains("weft at 161 ns an item: `AbstractQueuedSynchronizer.signalNext` 27.6%"), report);
        int queue = report.indexOf("## 4. Queue throughput");
        int samplesAt = report.indexOf("### Where queue throughput's time goes");
        assertTrue(queue >= 0 && queue < samplesAt && samplesAt < report.indexOf("## 5. Lock"), report);
    }
}

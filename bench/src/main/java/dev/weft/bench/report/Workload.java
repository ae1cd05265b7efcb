package dev.weft.bench.report;

import dev.weft.bench.FanOutBenchmark;
import dev.weft.bench.JfrBenchmark;
import dev.weft.bench.child.Child;

import java.util.List;

/**
 * The JMH workloads as the report presents them: a title, the issue that asked for it, what one
 * unit of the normalised time is ({@code divisor}: the parameter a batch score is divided by, or
 * {@code null} when JMH already reports per unit through {@code @OperationsPerInvocation}), which
 * row the ratios in its table are taken against, what each row measures, and the ratios its
 * section lists with their errors ({@code "over/under"}, implementations compared at the same
 * parameters).
 */
enum Workload {
    Spawn("1. Spawn and join", "8", "task", "n", "weftParallel",
            "Spawn N trivial tasks and wait for all. A process per task runs `/bin/true` with a smaller N "
                    + "(its ratio is per task, against weft's smallest N). `taskGroup` is weft's own `TaskGroup` "
                    + "(forked with `-Dweft.taskGroup=own` and checked at setup; section 9 has the JDK backend). "
                    + "Every row runs with `--enable-preview` (the `StructuredTaskScope` and jox rows need it)."),
    FanOut("2. I/O fan-out", "8", "batch", null, "weftParallel",
            "10k tasks each waiting 10 ms, at most " + FanOutBenchmark.LIMIT + " at once (a semaphore); the ideal is "
                    + "ceil(tasks / " + FanOutBenchmark.LIMIT + ") × " + Child.SLEEP_MILLIS + " ms. The platform pool has "
                    + FanOutBenchmark.POOL + " threads, the process pool " + FanOutBenchmark.WORKERS
                    + " worker JVMs (smaller batch), each one request at a time."),
    PingPong("3. Ping-pong through a one-slot channel", "8", "round trip", null, "weftParallel",
            "A ball sent through one one-slot channel and back through another; one round trip is two hand-offs."),
    Queue("4. Queue throughput, capacity 1024", "8", "item", null, "weftParallel",
            "`pairs` producers and as many consumers move 100k items through one queue."),
    Lock("5. Lock and semaphore", "8", "acquire/release", null, "weftLock",
            "`tasks` = 1 is uncontended, 4 is contended; each round increments a counter under the lock."),
    Switch("6. Cooperative switch", "8", "switch", null, "weftCooperative",
            "`tasks` ready tasks give way (`sleep(Duration.ZERO)`, `Thread.yield()`, Kotlin `yield()`, asyncio `sleep(0)`)."),
    Cancel("7. Cancellation", "8", "task", "n", "weft",
            "Cancel N waiting tasks and wait until all are done (virtual threads: interrupt and join; Kotlin: cancel and join)."),
    // 1000 is TaskGroupBenchmark.CHILDREN (in the preview sources, which compile after this class)
    TaskGroup("9. TaskGroup on each backend", "12", "child", null, "weft",
            "One group spawns N trivial children and joins them; an invocation runs 1000 ÷ N groups, so the time is per child at every N (at N = 1 it is mostly the group's opening and "
                    + "closing). `weft`: weft's own `TaskGroup` in a parallel loop (`-Dweft.taskGroup=own`); "
                    + "`weftOnStructuredTaskScope`: the same code on the JDK's `StructuredTaskScope` (`-Dweft.taskGroup=jdk`, "
                    + "weft-engine's `META-INF/versions/25`); `structuredTaskScope`: the JDK's scope itself (open, fork N, "
                    + "join); `virtualThreads`: start N virtual threads, join each. Every fork has `--enable-preview`, so the "
                    + "two weft rows differ by the backend property only; each weft fork checks at setup that its backend "
                    + "runs (the engine's choice, and a `ScopedValue` bound around the group reaching a child only on the "
                    + "JDK's scope) and fails otherwise.",
            "weft/virtualThreads", "weftOnStructuredTaskScope/virtualThreads",
            "weftOnStructuredTaskScope/structuredTaskScope", "weftOnStructuredTaskScope/weft"),
    Jfr("10. JFR events", "11", "task or round trip", null, "WithoutEvents",
            "Two of weft's busiest paths in a parallel loop: `spawn`, workload 1's weft row (spawn "
                    + JfrBenchmark.TASKS + " trivial tasks, await each; per task), and `pingPong`, workload 3's "
                    + "(`Queue(1)` round trips between two tasks; per round trip), each in three kinds of fork: "
                    + "`…WithoutEvents` with `" + JfrBenchmark.WITHOUT_EVENTS + "` (the engine's kill switch makes its JFR "
                    + "gate a constant false, so the JIT removes every event: weft as if it had none), `…JfrOff` with the "
                    + "default (events compiled in, no recording: one volatile read a call site), and `…Recording` with `"
                    + JfrBenchmark.RECORDING + "` (JFR's default settings and weft's events; Wait keeps its 20 ms threshold, "
                    + "so ping-pong's waits are timed but not written). Each fork checks at setup that it is what its name "
                    + "says (the Recording forks, that a task's `dev.weft.TaskStart` is in a dump of the running recording). "
                    + "*÷ without events* divides by the same path's `…WithoutEvents` row.",
            "spawnJfrOff/spawnWithoutEvents", "spawnRecording/spawnWithoutEvents",
            "pingPongJfrOff/pingPongWithoutEvents", "pingPongRecording/pingPongWithoutEvents");

    /** The implementation-name suffixes of JfrBenchmark's three kinds of fork. */
    private static final String JFR_KINDS = "(WithoutEvents|JfrOff|Recording)$";

    final String title;
    final String issue;
    final String unit;
    final String divisor;
    final String baseline;
    final String description;
    /** The ratios listed under the table, each {@code "over/under"}. */
    final List<String> ratios;

    Workload(String title, String issue, String unit, String divisor, String baseline, String description,
             String... ratios) {
        this.title = title;
        this.issue = issue;
        this.unit = unit;
        this.divisor = divisor;
        this.baseline = baseline;
        this.description = description;
        this.ratios = List.of(ratios);
    }

    /** The implementation a row's ratio column divides by: weft's, or for Jfr the same path without events. */
    String baselineOf(String impl) {
        return this == Jfr ? impl.replaceFirst(JFR_KINDS, "") + baseline : baseline;
    }

    /** The heading of the table's ratio column. */
    String ratioHeading() {
        return this == Jfr ? "÷ without events" : "÷ weft";
    }

    /** Nanoseconds per unit (per task, item, round trip...) of a result of this workload. */
    double perUnit(Result r) {
        return r.nanos() / count(r);
    }

    double errorPerUnit(Result r) {
        return r.errorNanos() / count(r);
    }

    double allocPerUnit(Result r) {
        return r.alloc() / count(r);
    }

    private double count(Result r) {
        return divisor == null ? 1 : Double.parseDouble(r.params().get(divisor));
    }

    /** Fan-out only: the ideal time of the batch divided by the time it took. */
    static double efficiency(Result r) {
        int tasks = Integer.parseInt(r.params().get("tasks"));
        double idealNanos = Math.ceil(tasks / (double) FanOutBenchmark.LIMIT) * Child.SLEEP_MILLIS * 1e6;
        return idealNanos / r.nanos();
    }
}

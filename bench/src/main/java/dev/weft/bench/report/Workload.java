package dev.weft.bench.report;

import dev.weft.bench.FanOutBenchmark;
import dev.weft.bench.child.Child;

/**
 * The JMH workloads as the report presents them: a title, what one unit of the normalised time is
 * ({@code divisor}: the parameter a batch score is divided by, or {@code null} when JMH already
 * reports per unit through {@code @OperationsPerInvocation}), and which weft method the ratios are
 * taken against.
 */
enum Workload {
    Spawn("1. Spawn and join", "task", "n", "weftParallel",
            "Spawn N trivial tasks and wait for all. A process per task runs `/bin/true` with a smaller N "
                    + "(its ratio is per task, against weft's smallest N)."),
    FanOut("2. I/O fan-out", "batch", null, "weftParallel",
            "10k tasks each waiting 10 ms, at most " + FanOutBenchmark.LIMIT + " at once (a semaphore); the ideal is "
                    + "ceil(tasks / " + FanOutBenchmark.LIMIT + ") × " + Child.SLEEP_MILLIS + " ms. The platform pool has "
                    + FanOutBenchmark.POOL + " threads, the process pool " + FanOutBenchmark.WORKERS
                    + " worker JVMs (smaller batch), each one request at a time."),
    PingPong("3. Ping-pong through a one-slot channel", "round trip", null, "weftParallel",
            "A ball sent through one one-slot channel and back through another; one round trip is two hand-offs."),
    Queue("4. Queue throughput, capacity 1024", "item", null, "weftParallel",
            "`pairs` producers and as many consumers move 100k items through one queue."),
    Lock("5. Lock and semaphore", "acquire/release", null, "weftLock",
            "`tasks` = 1 is uncontended, 4 is contended; each round increments a counter under the lock."),
    Switch("6. Cooperative switch", "switch", null, "weftCooperative",
            "`tasks` ready tasks give way (`sleep(Duration.ZERO)`, `Thread.yield()`, Kotlin `yield()`, asyncio `sleep(0)`)."),
    Cancel("7. Cancellation", "task", "n", "weft",
            "Cancel N waiting tasks and wait until all are done (virtual threads: interrupt and join; Kotlin: cancel and join).");

    final String title;
    final String unit;
    final String divisor;
    final String baseline;
    final String description;

    Workload(String title, String unit, String divisor, String baseline, String description) {
        this.title = title;
        this.unit = unit;
        this.divisor = divisor;
        this.baseline = baseline;
        this.description = description;
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

package dev.weft.bench.memory;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.bench.FreshJvms;
import dev.weft.bench.kotlin.KotlinBaselines;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Workload 8, memory per suspended unit: not JMH, because it measures space, not time.
 *
 * <p>{@code run} starts one fresh JVM per kind and repeat ({@code measure <kind> <count>}), so no
 * kind inherits another's heap, class metadata or thread stacks; each child parks {@code count}
 * units, and reports the heap in use after a full GC and the resident set size ({@code VmRSS}),
 * both before and after, divided by {@code count}. Heap is where a parked virtual thread's stack
 * lives (as stack chunks); a platform thread's stack is native memory, so only RSS sees it.
 *
 * <pre>
 * MemoryHarness run [--repeats R] [--scale F] [--out memory.json]
 * MemoryHarness measure weft|virtualThreads|platformThreads|kotlin COUNT
 * </pre>
 */
public final class MemoryHarness {
    private MemoryHarness() {}

    /** The kinds and how many units each parks (platform threads: 10k, not 100k, as the issue says). */
    enum Kind {
        weft(100_000), virtualThreads(100_000), platformThreads(10_000), kotlin(100_000);

        final int count;

        Kind(int count) {
            this.count = count;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("measure")) {
            System.out.println(measure(Kind.valueOf(args[1]), Integer.parseInt(args[2])));
            return;
        }
        FreshJvms.Options options = args.length >= 1 && args[0].equals("run") ? FreshJvms.Options.parse(args) : null;
        if (options == null) {
            usage();
        }
        options.write(run(options.repeats(), options.scale()));
    }

    private static void usage() {
        System.err.println("usage: MemoryHarness run [--repeats R] [--scale F] [--out FILE] | measure KIND COUNT");
        System.exit(2);
    }

    /** Every kind, {@code repeats} times each, each in a fresh JVM; a JSON array of the children's lines. */
    static String run(int repeats, double scale) throws IOException, InterruptedException {
        List<FreshJvms.Child> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            int count = Math.max(1, (int) Math.round(kind.count * scale));
            kinds.add(new FreshJvms.Child(kind.name(), List.of(), List.of(kind.name(), Integer.toString(count))));
        }
        return FreshJvms.run(MemoryHarness.class, "memory", Collections.nCopies(repeats, kinds));
    }

    /** Parks {@code count} units of {@code kind} in this JVM and measures them; one JSON object. */
    static String measure(Kind kind, int count) throws Exception {
        for (int i = 0; kind != Kind.platformThreads && i < WARM_UPS; i++) {
            park(kind, count, () -> {});
        }
        Snapshot before = Snapshot.take();
        Snapshot[] parked = new Snapshot[1];
        park(kind, count, () -> parked[0] = Snapshot.take());
        Snapshot after = parked[0];
        return String.format(Locale.ROOT,
                "{\"kind\": \"%s\", \"count\": %d, \"heapBytesPerUnit\": %.1f, \"rssBytesPerUnit\": %.1f, \"jdk\": \"%s\"}",
                kind, count, (after.heap - before.heap) / (double) count, (after.rss - before.rss) / (double) count,
                Runtime.version());
    }

    /**
     * Park-and-release cycles run before the measured one, unmeasured. A parked virtual thread's
     * stack is copied to the heap as it is when it first parks: an interpreted frame is several
     * times the size of a compiled one, so without a warm-up the figure measured mostly how far
     * the JIT had got (weft's cold runs spread from 1.4 to 2.0 kB a unit, bare virtual threads'
     * from 0.9 to 1.3). Every kind whose units live on the heap gets the same cycles, so each is
     * measured with its wait path compiled, as in a program that has run for a while. Platform
     * threads are measured cold: their stacks are native memory, seen only by RSS, and after a
     * warm-up the C library's cache of freed thread stacks hides most of it (25 kB a thread cold,
     * 9 kB warm, in one trial).
     */
    static final int WARM_UPS = 2;

    /** Parks {@code count} units of {@code kind}, runs {@code measure} while they all wait, releases them. */
    private static void park(Kind kind, int count, Runnable measure) throws Exception {
        switch (kind) {
            case weft -> weft(count, measure);
            case virtualThreads -> threads(Thread.ofVirtual(), count, measure);
            case platformThreads -> threads(Thread.ofPlatform(), count, measure);
            case kotlin -> KotlinBaselines.suspendedCoroutines(count, measure);
        }
    }

    /** weft tasks of a parallel loop, each waiting on one Event. */
    private static void weft(int count, Runnable measure) {
        try (Loop loop = Loop.parallel()) {
            loop.run(() -> {
                Event gate = new Event();
                List<Task<Boolean>> tasks = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    tasks.add(Weft.spawn(gate::await));
                }
                while (gate.statistics().waiters() < count) {
                    Weft.sleep(java.time.Duration.ofMillis(1));
                }
                measure.run();
                gate.set();
                Weft.gather(tasks);
            });
        }
    }

    /** Bare threads, each waiting on one latch. */
    private static void threads(Thread.Builder builder, int count, Runnable measure) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        Thread[] started = new Thread[count];
        for (int i = 0; i < count; i++) {
            started[i] = builder.start(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (Thread t : started) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        measure.run();
        gate.countDown();
        for (Thread t : started) {
            t.join();
        }
    }

    /** Heap in use after a full GC, and the process's resident set size, in bytes. */
    record Snapshot(long heap, long rss) {
        static Snapshot take() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Snapshot(heap, residentSetSize());
        }

        private static long residentSetSize() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException e) {
                // not Linux: no RSS
            }
            return 0;
        }
    }
}

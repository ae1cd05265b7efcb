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
import java.util.function.Consumer;
import java.util.function.Supplier;

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
            kinds.add(new FreshJvms.Child(kind.name(), StackChunks.JVM_OPTIONS, List.of(kind.name(), Integer.toString(count))));
        }
        return FreshJvms.run(MemoryHarness.class, "memory", Collections.nCopies(repeats, kinds));
    }

    /**
     * Parks {@code count} units of {@code kind} in this JVM and measures them; one JSON object.
     * weft's cycles, the warm-ups and the measured one, all run in one parallel loop, the way a
     * program that has run for a while holds its tasks: see {@link #WARM_UPS}.
     */
    static String measure(Kind kind, int count) throws Exception {
        Snapshot.loadClasses();
        if (kind != Kind.weft) {
            return cycles(kind, count);
        }
        try (Loop loop = Loop.parallel()) {
            return loop.run(() -> cycles(kind, count));
        }
    }

    /** The warm-up cycles, then the measured one, with a snapshot before it and one while its units wait. */
    private static String cycles(Kind kind, int count) throws Exception {
        List<String> warmUpWords = new ArrayList<>();
        for (int i = 0; kind != Kind.platformThreads && i < WARM_UPS; i++) {
            park(kind, count, threads -> {
                double words = StackChunks.mean(threads.get());
                if (!Double.isNaN(words)) {
                    warmUpWords.add(String.format(Locale.ROOT, "%.1f", words));
                }
            });
        }
        Snapshot before = Snapshot.take();
        Snapshot[] parked = new Snapshot[1];
        String[] stacks = {""};
        park(kind, count, threads -> {
            parked[0] = Snapshot.take();
            stacks[0] = StackChunks.json(threads.get());
        });
        Snapshot after = parked[0];
        return String.format(Locale.ROOT,
                "{\"kind\": \"%s\", \"count\": %d, \"heapBytesPerUnit\": %.1f, \"rssBytesPerUnit\": %.1f%s%s, \"jdk\": \"%s\"}",
                kind, count, (after.heap - before.heap) / (double) count, (after.rss - before.rss) / (double) count,
                stacks[0], warmUpWords.isEmpty() ? "" : ", \"warmUpStackWords\": [" + String.join(", ", warmUpWords) + "]",
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
     *
     * <p>What a weft task's frozen stack weighs depends on the code its frames ran when it froze,
     * and {@link StackChunks} reports it. Two things in the harness made the JIT throw away
     * compiled code of weft's wait path just as the measured cycle began ({@code
     * -Xlog:deoptimization}), so that the tasks parking before it was compiled again froze
     * interpreted or C1 frames (up to 290 words a task against 28 to 58 compiled): the first
     * snapshot loaded the management classes, which invalidated a dozen compiled methods of the
     * path, so they are now loaded before the warm-ups; and each cycle opened a loop of its own,
     * whose {@code run} parked the main platform thread in the wait code the tasks had compiled
     * for virtual threads, so weft's cycles now share one loop. What remains is the JIT's own
     * choice: with the path compiled, most of 100,000 tasks froze the same number of words in one
     * JVM, and that number went from 28 to 58 from one JVM to the next (a bare virtual thread: 38
     * to 40, every thread alike, in every run), which moves weft's figure by up to 250 B a task.
     * The fixes took the interpreted frames out of the measured cycle; they did not narrow the
     * spread of weft's figure (870 to 1,140 B over four runs before, 870 to 1,160 over eight after).
     *
     * <p>Five cycles, not two: each warm-up's mean frozen words (now in the child's JSON, {@code
     * warmUpStackWords}) showed a bare virtual thread's stack settled by the third cycle (62, 44,
     * 40, 40, ... and 96, 42, 38, 38, ...), but a weft task's only by the fourth to sixth (175,
     * 94, 66, 65, 64, ...; 85, 52, 40, 64, 40, 47, 46, 46; 68, 104, 58, 68, 68, ...), and {@code
     * -XX:+PrintCompilation} showed tier-4 code of the path (the task's start, {@code
     * VirtualThread.run}, {@code Continuation.yield}) compiled or thrown away during the third
     * cycle in three JVMs of four. With two warm-ups the measured cycle caught weft's JIT in
     * transition, which moved its figure either way; the cycle measured now is the sixth, after
     * the code has settled, and what still differs from one JVM to the next is where it settled.
     */
    static final int WARM_UPS = 5;

    /**
     * Parks {@code count} units of {@code kind}, runs {@code measure} while they all wait, releases
     * them. {@code measure} is given the units' threads (none for Kotlin's coroutines) as a
     * supplier, so that the list is made only after the heap snapshot, not counted in it.
     */
    private static void park(Kind kind, int count, Consumer<Supplier<List<Thread>>> measure) throws Exception {
        switch (kind) {
            case weft -> weft(count, measure);
            case virtualThreads -> threads(Thread.ofVirtual(), count, measure);
            case platformThreads -> threads(Thread.ofPlatform(), count, measure);
            case kotlin -> KotlinBaselines.suspendedCoroutines(count, () -> measure.accept(List::of));
        }
    }

    /** weft tasks of the calling task's loop, each waiting on one Event. */
    private static void weft(int count, Consumer<Supplier<List<Thread>>> measure) {
        Event gate = new Event();
        List<Task<Boolean>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tasks.add(Weft.spawn(gate::await));
        }
        while (gate.statistics().waiters() < count) {
            Weft.sleep(java.time.Duration.ofMillis(1));
        }
        measure.accept(() -> StackChunks.threadsOf(tasks));
        gate.set();
        Weft.gather(tasks);
    }

    /** Bare threads, each waiting on one latch. */
    private static void threads(Thread.Builder builder, int count, Consumer<Supplier<List<Thread>>> measure)
            throws InterruptedException {
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
        measure.accept(() -> List.of(started));
        gate.countDown();
        for (Thread t : started) {
            t.join();
        }
    }

    /** Heap in use after a full GC, and the process's resident set size, in bytes. */
    record Snapshot(long heap, long rss) {
        /** What {@link #take} uses, loaded without collecting (see {@link #WARM_UPS}). */
        static void loadClasses() {
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            residentSetSize();
        }

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

package dev.weft.bench.hops;

import dev.weft.Loop;
import dev.weft.bench.FreshJvms;
import dev.weft.bench.QueueBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where queue throughput's time goes (workload 4, one producer and one consumer): not JMH, a
 * profile. The benchmark's own batches ({@link QueueBenchmark#weftItems}, {@link
 * QueueBenchmark#jdkItems} with an {@code ArrayBlockingQueue}) are played from the main thread,
 * as JMH's thread plays them, for {@value #WARM_SECONDS} s unrecorded (the JIT's work, and the
 * regime the JMH figure is measured in, which a short run does not reach), then for {@value
 * #RECORD_SECONDS} s under a JFR recording of execution samples every millisecond.
 *
 * <p>Each JVM prints one JSON object: the time per item over the recorded plays, the number of
 * samples, the share of samples whose stack holds each of a few JDK methods both kinds go through
 * ({@link #MARKS}: taking and releasing the queue's {@code ReentrantLock}, a virtual thread
 * unmounting and being woken, a carrier looking for work), and the methods most often on top of
 * the stack.
 *
 * <pre>
 * QueueSamples run [--repeats R] [--scale F] [--out samples.json]
 * QueueSamples measure weft|arrayBlockingQueue ITEMS SCALE
 * </pre>
 */
public final class QueueSamples {
    static final int WARM_SECONDS = 4;
    static final int RECORD_SECONDS = 4;
    /** How many of the methods most often on top of the stack a JVM reports. */
    static final int TOP = 10;
    /**
     * The marked methods, by {@code SimpleClass.method} (nested classes with {@code $}): the share
     * of samples whose stack holds one of a mark's methods is reported under the mark's name.
     */
    static final Map<String, List<String>> MARKS = marks();

    private QueueSamples() {}

    enum Kind {
        weft, arrayBlockingQueue
    }

    private static Map<String, List<String>> marks() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("lock", List.of("ReentrantLock.lock", "ReentrantLock.lockInterruptibly"));
        m.put("unlock", List.of("ReentrantLock.unlock"));
        m.put("unmount", List.of("Continuation.yield"));
        m.put("unpark", List.of("LockSupport.unpark"));
        m.put("idle", List.of("ForkJoinPool.awaitWork"));
        return Collections.unmodifiableMap(m);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("measure")) {
            System.out.println(measure(Kind.valueOf(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3])));
            return;
        }
        FreshJvms.Options options = args.length >= 1 && args[0].equals("run") ? FreshJvms.Options.parse(args) : null;
        if (options == null) {
            System.err.println("usage: QueueSamples run [--repeats R] [--scale F] [--out FILE] | measure KIND ITEMS SCALE");
            System.exit(2);
        }
        int items = Math.max(2, (int) Math.round(QueueBenchmark.ITEMS * options.scale()));
        List<FreshJvms.Child> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            kinds.add(new FreshJvms.Child(kind.name(), List.of(),
                    List.of(kind.name(), Integer.toString(items), Double.toString(options.scale()))));
        }
        options.write(FreshJvms.run(QueueSamples.class, "queue samples", Collections.nCopies(options.repeats(), kinds)));
    }

    /** One batch of {@code items} items through a queue of {@code kind}, one pair. */
    private static void play(Kind kind, Loop loop, int items) throws Exception {
        if (kind == Kind.weft) {
            loop.run(() -> QueueBenchmark.weftItems(items, 1));
        } else {
            QueueBenchmark.jdkItems(new ArrayBlockingQueue<>(QueueBenchmark.CAPACITY), items, 1);
        }
    }

    static String measure(Kind kind, int items, double scale) throws Exception {
        long warm = Math.round(WARM_SECONDS * 1e9 * scale);
        long record = Math.round(RECORD_SECONDS * 1e9 * scale);
        Path file = Files.createTempFile("weft-queue-samples", ".jfr");
        try (Loop loop = kind == Kind.weft ? Loop.parallel() : null) { // null: nothing to close
            for (long start = System.nanoTime(); System.nanoTime() - start < warm; ) {
                play(kind, loop, items);
            }
            long played = 0;
            long took;
            try (Recording recording = new Recording()) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
                long start = System.nanoTime();
                do {
                    play(kind, loop, items);
                    played += items;
                } while (System.nanoTime() - start < record);
                took = System.nanoTime() - start;
                recording.stop();
                recording.dump(file);
            }
            return json(kind, items, warm, record, took / (double) played, samples(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What the samples of one recording say: their number, each mark's share, the top methods. */
    record Samples(int count, Map<String, Integer> marked, Map<String, Integer> onTop) {}

    static Samples samples(Path file) throws IOException {
        int count = 0;
        Map<String, Integer> marked = new LinkedHashMap<>();
        MARKS.keySet().forEach(mark -> marked.put(mark, 0));
        Map<String, Integer> onTop = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            count++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            onTop.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> names = new HashSet<>();
            for (RecordedFrame f : frames) {
                names.add(name(f.getMethod()));
            }
            MARKS.forEach((mark, methods) -> {
                if (methods.stream().anyMatch(names::contains)) {
                    marked.merge(mark, 1, Integer::sum);
                }
            });
        }
        return new Samples(count, marked, onTop);
    }

    /** {@code SimpleClass.method}, nested classes keeping their {@code $}. */
    static String name(RecordedMethod m) {
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName();
    }

    private static String json(Kind kind, int items, long warmNanos, long recordNanos, double nsPerItem, Samples s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "{\"kind\": \"%s\", \"items\": %d, \"warmSeconds\": %.2f, "
                + "\"recordSeconds\": %.2f, \"nsPerItem\": %.1f, \"samples\": %d, \"marks\": {",
                kind, items, warmNanos / 1e9, recordNanos / 1e9, nsPerItem, s.count()));
        List<String> parts = new ArrayList<>();
        s.marked().forEach((mark, n) -> parts.add(String.format(Locale.ROOT, "\"%s\": %.4f", mark, share(n, s.count()))));
        b.append(String.join(", ", parts)).append("}, \"top\": [");
        parts.clear();
        s.onTop().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .forEach(t -> parts.add(String.format(Locale.ROOT, "{\"method\": \"%s\", \"share\": %.4f}",
                        t.getKey(), share(t.getValue(), s.count()))));
        return b.append(String.join(", ", parts)).append("]}").toString();
    }

    private static double share(int n, int of) {
        return of == 0 ? 0 : n / (double) of;
    }
}

package dev.weft.bench.memory;

import dev.weft.Task;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How big the frozen stacks of parked virtual threads are: the {@code size}, in 8-byte words, of
 * each thread's {@code jdk.internal.vm.StackChunk} (its continuation's {@code tail}), the frames
 * that were on the thread's stack when it parked. This is the part of a parked unit's heap that
 * depends on the code that ran when it parked: a compiled frame is a few words, an interpreted
 * one several times that, and what the JIT inlined decides how many frames there are.
 *
 * <p>Read with reflection into the JDK and weft's internals, so the child JVM needs {@link
 * #JVM_OPTIONS}; where they are missing, or a JDK names these fields differently, nothing is
 * reported (the heap figure does not depend on this).
 */
final class StackChunks {
    private StackChunks() {}

    /** What reading the JDK's fields needs. */
    static final List<String> JVM_OPTIONS = List.of(
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.vm=ALL-UNNAMED");

    /** The threads of weft tasks ({@code Task.fiber.thread}); empty when they cannot be read. */
    static List<Thread> threadsOf(List<? extends Task<?>> tasks) {
        try {
            Field fiber = open(Task.class, "fiber");
            Field thread = open(Class.forName("dev.weft.internal.Fiber"), "thread");
            List<Thread> threads = new ArrayList<>(tasks.size());
            for (Task<?> t : tasks) {
                threads.add((Thread) thread.get(fiber.get(t)));
            }
            return threads;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * {@code , "stackWordsMean": m, "stackWordsMin": a, "stackWordsMax": b} over the threads'
     * chunks (a thread with none counts 0 words), or the empty string when there are no threads
     * or the fields cannot be read.
     */
    static String json(List<Thread> threads) {
        int[] words = words(threads);
        if (words == null) {
            return "";
        }
        long sum = 0;
        int min = Integer.MAX_VALUE, max = 0;
        for (int w : words) {
            sum += w;
            min = Math.min(min, w);
            max = Math.max(max, w);
        }
        return String.format(Locale.ROOT, ", \"stackWordsMean\": %.1f, \"stackWordsMin\": %d, \"stackWordsMax\": %d",
                sum / (double) words.length, min, max);
    }

    /** The mean words of the threads' chunks, or NaN where {@link #json} would say nothing. */
    static double mean(List<Thread> threads) {
        int[] words = words(threads);
        if (words == null) {
            return Double.NaN;
        }
        long sum = 0;
        for (int w : words) {
            sum += w;
        }
        return sum / (double) words.length;
    }

    /** Each thread's chunk size in words; null when there are no threads or the fields cannot be read. */
    private static int[] words(List<Thread> threads) {
        if (threads.isEmpty()) {
            return null;
        }
        try {
            Field cont = open(Class.forName("java.lang.VirtualThread"), "cont");
            Field tail = open(Class.forName("jdk.internal.vm.Continuation"), "tail");
            Field size = open(Class.forName("jdk.internal.vm.StackChunk"), "size");
            int[] words = new int[threads.size()];
            for (int i = 0; i < words.length; i++) {
                Object chunk = tail.get(cont.get(threads.get(i)));
                words[i] = chunk == null ? 0 : size.getInt(chunk);
            }
            return words;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not a virtual thread, no --add-opens, or another JDK's fields
        }
    }

    private static Field open(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}

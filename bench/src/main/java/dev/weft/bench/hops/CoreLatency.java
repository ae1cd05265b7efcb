package dev.weft.bench.hops;

import java.util.Arrays;
import java.util.Locale;

/**
 * The machine's core-to-core latency, now: two platform threads pass a counter back and forth
 * through two volatile fields, each spinning until the other's write arrives, so a round trip is
 * two cache-line transfers between the cores they run on. Every hand-off between two carriers
 * (the ping-pong, a wake-up, a lock that changes hands) pays such transfers.
 *
 * <p>On this project's 2-CPU virtual machine the figure is not a constant of the machine: it was
 * about 400 ns for minutes and then about 60 ns (2026-12-03), presumably as the host placed the
 * two virtual CPUs on cores that share a cache or not, and a ping-pong built from nothing but a
 * volatile field and a park took 1 µs a round trip in the first state and 200 ns in the second.
 * {@code bench/report} runs this before each workload so that the report shows which state each
 * one ran in.
 *
 * <pre>
 * CoreLatency LABEL     one JSON object: {"label", "roundTripNs" (median), "leastNs", "mostNs"}
 * </pre>
 */
public final class CoreLatency {
    /** Round trips in one sample: 40 ms at 400 ns a round trip. */
    static final int ROUND_TRIPS = 100_000;
    /** Samples taken after one unmeasured (the JIT compiles the loops in it). */
    static final int SAMPLES = 7;

    private static volatile long ping;
    private static volatile long pong;

    private CoreLatency() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: CoreLatency LABEL");
            System.exit(2);
        }
        double[] ns = measure();
        System.out.println(String.format(Locale.ROOT,
                "{\"label\": \"%s\", \"roundTripNs\": %.1f, \"leastNs\": %.1f, \"mostNs\": %.1f}",
                args[0].replace("\\", "\\\\").replace("\"", "\\\""), ns[ns.length / 2], ns[0], ns[ns.length - 1]));
    }

    /** The samples' nanoseconds a round trip, sorted. */
    static double[] measure() throws InterruptedException {
        long total = (long) (SAMPLES + 1) * ROUND_TRIPS;
        Thread echo = Thread.ofPlatform().daemon().name("core-latency-echo").start(() -> {
            for (long i = 1; i <= total; i++) {
                while (ping != i) {
                    Thread.onSpinWait();
                }
                pong = i;
            }
        });
        double[] samples = new double[SAMPLES];
        long i = 0;
        for (int s = -1; s < SAMPLES; s++) {
            long start = System.nanoTime();
            for (int r = 0; r < ROUND_TRIPS; r++) {
                ping = ++i;
                while (pong != i) {
                    Thread.onSpinWait();
                }
            }
            if (s >= 0) {
                samples[s] = (System.nanoTime() - start) / (double) ROUND_TRIPS;
            }
        }
        echo.join();
        Arrays.sort(samples);
        return samples;
    }
}

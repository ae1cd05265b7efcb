package dev.weft.bench.hops;

import dev.weft.Loop;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.bench.FreshJvms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;

/**
 * Where the ping-pong's time goes (workload 3): not JMH, a profile. Two virtual threads hand a
 * ball back and forth through two one-slot channels, as in {@code PingPongBenchmark}, and on every
 * {@value #EVERY}th round trip each side notes the carrier it runs on: the sender just before its
 * put, the receiver just after its get. A hop whose receiver runs on the sender's carrier went
 * through a park and a resume on one carrier; a hop that crosses carriers was taken up by the other
 * carrier, spinning or woken. The share of hops that stay on one carrier, beside the time per round
 * trip, tells which regime a run was in.
 *
 * <p>The carrier is read from the virtual thread's {@code toString()} ({@code ...@carrier}), the
 * only public place it shows; the sampled round trips pay for that string, so the times here are
 * a little above the JMH figures and only compare with each other.
 *
 * <pre>
 * CarrierHops run [--repeats R] [--scale F] [--out hops.json]
 * CarrierHops measure weft|weftSpin|synchronousQueue ROUNDS
 * </pre>
 *
 * {@code run} measures each kind in a fresh JVM per repeat, {@value #PLAYS} plays each after an
 * unmeasured one ({@code weftSpin} is weft with {@code -Dweft.spin=true}, which is read once per
 * JVM).
 */
public final class CarrierHops {
    /** Every how many round trips both sides note their carrier. */
    static final int EVERY = 16;
    static final int ROUNDS = 200_000;

    private CarrierHops() {}

    enum Kind {
        weft, weftSpin, synchronousQueue
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
        options.write(run(options.repeats(), Math.max(EVERY, (int) Math.round(ROUNDS * options.scale()))));
    }

    private static void usage() {
        System.err.println("usage: CarrierHops run [--repeats R] [--scale F] [--out FILE] | measure KIND ROUNDS");
        System.exit(2);
    }

    /** Every kind, {@code repeats} times each, alternating, each in a fresh JVM. */
    static String run(int repeats, int rounds) throws IOException, InterruptedException {
        List<FreshJvms.Child> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            kinds.add(new FreshJvms.Child(kind.name(), kind == Kind.weftSpin ? List.of("-Dweft.spin=true") : List.of(),
                    List.of(kind.name(), Integer.toString(rounds)))); // each child prints PLAYS objects
        }
        return FreshJvms.run(CarrierHops.class, "carrier hops", Collections.nCopies(repeats, kinds));
    }

    /** One channel: the two one-slot channels of a ping-pong are two of these. */
    private interface Channel {
        void put(int v) throws InterruptedException;

        int get() throws InterruptedException;
    }

    private static Channel weft() {
        Queue<Integer> q = new Queue<>(1);
        return new Channel() {
            @Override
            public void put(int v) {
                q.put(v);
            }

            @Override
            public int get() {
                return q.get();
            }
        };
    }

    private static Channel synchronousQueue() {
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        return new Channel() {
            @Override
            public void put(int v) throws InterruptedException {
                q.put(v);
            }

            @Override
            public int get() throws InterruptedException {
                return q.take();
            }
        };
    }

    /** The carrier a virtual thread runs on, from its {@code toString()}; "" if none shows. */
    static String carrier() {
        String s = Thread.currentThread().toString();
        int at = s.indexOf('@');
        return at < 0 ? "" : s.substring(at + 1);
    }

    /** One ping-pong of {@code rounds} round trips; the carriers noted for the sampled ping hops. */
    private static final class PingPong {
        final Kind kind;
        final Channel ping, pong;
        final int rounds;
        final String[] sent, received;

        PingPong(Kind kind, int rounds) {
            this.kind = kind;
            this.ping = kind == Kind.synchronousQueue ? synchronousQueue() : weft();
            this.pong = kind == Kind.synchronousQueue ? synchronousQueue() : weft();
            this.rounds = rounds;
            this.sent = new String[(rounds + EVERY - 1) / EVERY];
            this.received = new String[sent.length];
        }

        void client() throws InterruptedException {
            for (int i = 0; i < rounds; i++) {
                if (i % EVERY == 0) {
                    sent[i / EVERY] = carrier();
                }
                ping.put(i);
                pong.get();
            }
        }

        void server() throws InterruptedException {
            for (int i = 0; i < rounds; i++) {
                int v = ping.get();
                if (i % EVERY == 0) {
                    received[i / EVERY] = carrier();
                }
                pong.put(v);
            }
        }

        double sameCarrier() {
            int same = 0;
            for (int i = 0; i < sent.length; i++) {
                if (!sent[i].isEmpty() && sent[i].equals(received[i])) {
                    same++;
                }
            }
            return same / (double) sent.length;
        }
    }

    /** Measured plays per JVM, after one unmeasured: a JVM settles in one regime or another, and may change. */
    static final int PLAYS = 3;

    /**
     * Plays the ping-pong of {@code kind} once unmeasured (to compile it), then {@value #PLAYS}
     * times measured: one JSON object per measured play, one per line.
     */
    static String measure(Kind kind, int rounds) throws Exception {
        play(kind, rounds);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PLAYS; i++) {
            PingPong p = new PingPong(kind, rounds);
            long nanos = play(p);
            lines.add(String.format(Locale.ROOT,
                    "{\"kind\": \"%s\", \"rounds\": %d, \"nsPerRoundTrip\": %.1f, \"sameCarrier\": %.4f}",
                    kind, rounds, nanos / (double) rounds, p.sameCarrier()));
        }
        return String.join(",\n", lines);
    }

    private static void play(Kind kind, int rounds) throws Exception {
        play(new PingPong(kind, rounds));
    }

    /** Plays {@code p}: in a parallel loop for weft, on two bare virtual threads otherwise; the nanoseconds it took. */
    private static long play(PingPong p) throws Exception {
        if (p.kind != Kind.synchronousQueue) {
            long[] took = new long[1];
            try (Loop loop = Loop.parallel()) {
                loop.run(() -> {
                    long start = System.nanoTime();
                    Task<Void> server = Weft.spawn(() -> uninterrupted(p::server));
                    Task<Void> client = Weft.spawn(() -> uninterrupted(p::client));
                    Weft.gather(server, client);
                    took[0] = System.nanoTime() - start;
                });
            }
            return took[0];
        }
        long start = System.nanoTime();
        Thread server = Thread.ofVirtual().start(() -> uninterrupted(p::server));
        Thread client = Thread.ofVirtual().start(() -> uninterrupted(p::client));
        server.join();
        client.join();
        return System.nanoTime() - start;
    }

    private interface Side {
        void play() throws InterruptedException;
    }

    private static void uninterrupted(Side side) {
        try {
            side.play();
        } catch (InterruptedException e) {
            throw new IllegalStateException("the ping-pong was interrupted", e);
        }
    }
}

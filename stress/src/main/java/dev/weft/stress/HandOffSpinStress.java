package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * Property: no lost wake-up between spinning and parking. A waiter of a parallel loop spins for
 * a while before it parks once its recent waits were short (dev.weft.internal.Spin), and a waker
 * unparks it only if it announced its park (the PARKED and WOKEN bits of Waiter); a fiber of a
 * cooperative loop spins the same way for the baton before it parks. A wake-up that falls
 * between the end of the spin and the park must still wake it.
 *
 * Scene: two tasks hand a ball back and forth ROUNDS times, one task per actor, so their waits
 * are short and both soon spin; whether a given hand-off finds its partner spinning, announcing
 * its park or parked is up to the timing jcstress varies. A lost wake-up leaves a task waiting
 * for good: Harness reports it HUNG after its patience. Cooperative: each task gives way with
 * sleep(0) ROUNDS times, so the baton goes back and forth between them.
 *
 * QueuePingPong and CooperativeBaton make every wait spin (-Dweft.spin=true): each turns it on as
 * its state class loads, in the JVM jcstress forks for that test, before the first wait reads it
 * (Spin.ENABLED is read once). The tests named ...SpinningForHandOffs and CooperativeQueuePingPong
 * run with the default, in which only hand-offs spin: a getter waiting
 * alone on an empty FIFO Queue while its loop has no more runnable tasks than carriers, and the one
 * fiber of a cooperative loop that gave the baton away and gets it back at the next hand-off (its
 * `spinner`, claimed and given up around each hand-off).
 *
 * CooperativeBatonWokenEarly has four tasks give way (each actor's task and a child of it), so
 * the fiber giving the baton away is rarely next in line: the hand-off then wakes the fiber after
 * next early, to spin for the baton during the holder's turn. Besides the lost wake-up, it checks
 * that such a fiber runs only once it holds the baton: every task counts its turns in one plain
 * field, and two tasks running at once could lose a count.
 */
public class HandOffSpinStress {
    static final int ROUNDS = 32;

    @JCStressTest
    @Description("Two tasks of a parallel loop ping-pong through two Queue(1): every hand-off wakes its partner.")
    @Outcome(id = "32, 32", expect = ACCEPTABLE, desc = "every round trip completed")
    @Outcome(expect = FORBIDDEN, desc = "a task hung (-1: a lost wake-up), failed (-3) or was cancelled (-2)")
    @State
    public static class QueuePingPong {
        static {
            System.setProperty("weft.spin", "true");
        }

        final PingPong game = new PingPong();

        @Actor
        public void server(II_Result r) {
            r.r1 = Harness.call(Harness.PARALLEL, game::serve);
        }

        @Actor
        public void client(II_Result r) {
            r.r2 = Harness.call(Harness.PARALLEL, game::play);
        }
    }

    @JCStressTest
    @Description("QueuePingPong with the default spinning: the getter waiting alone on an empty queue spins, counting the loop's runnable tasks.")
    @Outcome(id = "32, 32", expect = ACCEPTABLE, desc = "every round trip completed")
    @Outcome(expect = FORBIDDEN, desc = "a task hung (-1: a lost wake-up), failed (-3) or was cancelled (-2)")
    @State
    public static class QueuePingPongSpinningForHandOffs {
        final PingPong game = new PingPong();

        @Actor
        public void server(II_Result r) {
            r.r1 = Harness.call(Harness.PARALLEL, game::serve);
        }

        @Actor
        public void client(II_Result r) {
            r.r2 = Harness.call(Harness.PARALLEL, game::play);
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop ping-pong through two Queue(1), default spinning: each waits for the other, and the one that gave the baton away spins for it.")
    @Outcome(id = "32, 32", expect = ACCEPTABLE, desc = "every round trip completed")
    @Outcome(expect = FORBIDDEN, desc = "a task hung (-1: the baton was lost), failed (-3) or was cancelled (-2)")
    @State
    public static class CooperativeQueuePingPong {
        final PingPong game = new PingPong();

        @Actor
        public void server(II_Result r) {
            r.r1 = Harness.call(Harness.COOPERATIVE, game::serve);
        }

        @Actor
        public void client(II_Result r) {
            r.r2 = Harness.call(Harness.COOPERATIVE, game::play);
        }
    }

    @JCStressTest
    @Description("CooperativeBaton with the default spinning: the task that gave way spins for the baton as the next in line.")
    @Outcome(id = "32, 32", expect = ACCEPTABLE, desc = "every task got the baton back every time")
    @Outcome(expect = FORBIDDEN, desc = "a task hung (-1: the baton was lost), failed (-3) or was cancelled (-2)")
    @State
    public static class CooperativeBatonSpinningForHandOffs {
        @Actor
        public void first(II_Result r) {
            r.r1 = Harness.call(Harness.COOPERATIVE, CooperativeBaton::giveWay);
        }

        @Actor
        public void second(II_Result r) {
            r.r2 = Harness.call(Harness.COOPERATIVE, CooperativeBaton::giveWay);
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop and a child of each give way with sleep(0), counting in one plain field between suspension points: the fiber woken early runs only with the baton.")
    @Outcome(id = "64, 64, 128", expect = ACCEPTABLE, desc = "every task got the baton back every time, and no count was lost")
    @Outcome(expect = FORBIDDEN, desc = "a task hung (-1: the baton was lost), failed (-3) or was cancelled (-2), or two tasks ran at once and lost a count")
    @State
    public static class CooperativeBatonWokenEarly {
        /** Plain: only the task holding the baton writes it. */
        int counted;

        @Actor
        public void first(III_Result r) {
            r.r1 = Harness.call(Harness.COOPERATIVE, this::giveWayWithChild);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = Harness.call(Harness.COOPERATIVE, this::giveWayWithChild);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = counted;
        }

        int giveWayWithChild() {
            Task<Integer> child = Weft.spawn(this::giveWayCounting);
            return giveWayCounting() + child.await();
        }

        int giveWayCounting() {
            int n = 0;
            for (int i = 0; i < ROUNDS; i++) {
                Weft.sleep(Duration.ZERO);
                counted++;
                n++;
            }
            return n;
        }
    }

    /** A ball sent ROUNDS times through ping and back through pong; each side counts its rounds. */
    static final class PingPong {
        final Queue<Integer> ping = new Queue<>(1);
        final Queue<Integer> pong = new Queue<>(1);

        int serve() {
            int n = 0;
            for (int i = 0; i < ROUNDS; i++) {
                pong.put(ping.get());
                n++;
            }
            return n;
        }

        int play() {
            int n = 0;
            for (int i = 0; i < ROUNDS; i++) {
                ping.put(i);
                if (pong.get() == i) {
                    n++;
                }
            }
            return n;
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop give way to each other with sleep(0): the baton always comes back.")
    @Outcome(id = "32, 32", expect = ACCEPTABLE, desc = "every task got the baton back every time")
    @Outcome(expect = FORBIDDEN, desc = "a task hung (-1: the baton was lost), failed (-3) or was cancelled (-2)")
    @State
    public static class CooperativeBaton {
        static {
            System.setProperty("weft.spin", "true");
        }

        @Actor
        public void first(II_Result r) {
            r.r1 = Harness.call(Harness.COOPERATIVE, CooperativeBaton::giveWay);
        }

        @Actor
        public void second(II_Result r) {
            r.r2 = Harness.call(Harness.COOPERATIVE, CooperativeBaton::giveWay);
        }

        static int giveWay() {
            int n = 0;
            for (int i = 0; i < ROUNDS; i++) {
                Weft.sleep(Duration.ZERO);
                n++;
            }
            return n;
        }
    }
}

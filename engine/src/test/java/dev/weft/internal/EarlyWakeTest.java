package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The cooperative loop wakes the fiber after next early when the fiber giving the baton away is
 * not next itself, so that the next switch finds it spinning for the baton instead of parked.
 */
class EarlyWakeTest {
    @Test
    void the_fiber_after_next_spins_for_the_baton_while_the_holder_runs() {
        assumeTrue(Spin.HAND_OFFS, "early wake-ups spin, and spinning needs a second carrier");
        Fiber[] fibers = new Fiber[3];
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Loop loop = Loop.cooperative()) {
            loop.run(() -> {
                Task<Void> x = Weft.spawn("x", () -> {
                    fibers[0] = Fiber.current();
                    Weft.sleep(Duration.ZERO); // ready: y z x, y starts
                    // ready: y z (both parked, or on their way to it); x holds the baton
                    CooperativeScheduler loopOf = (CooperativeScheduler) Fiber.current().scheduler;
                    until(() -> fibers[1].batonParked && fibers[2].batonParked && loopOf.spinner() == null,
                            "y and z parked for the baton, nobody spinning");
                    loopOf.earlyNanos = 1_000_000_000; // z's spin below outlasts anything y does
                    Weft.sleep(Duration.ZERO); // y gets the baton; z, after it, is woken early
                    return null;
                });
                Task<Void> y = Weft.spawn("y", () -> {
                    fibers[1] = Fiber.current();
                    Weft.sleep(Duration.ZERO);
                    CooperativeScheduler loopOf = (CooperativeScheduler) Fiber.current().scheduler;
                    seen.add(loopOf.spinner() == fibers[2] ? "z may spin while y runs" : "spinner: " + loopOf.spinner());
                    // Before this turn ends, z (parked until now) is running, spinning for the
                    // baton: with parking alone it would wake only once y has handed it over.
                    until(() -> !fibers[2].batonParked, "z woken before its turn");
                    seen.add("z spins while y runs");
                    Weft.sleep(Duration.ZERO); // z gets the baton, most likely during its spin
                    return null;
                });
                Task<Void> z = Weft.spawn("z", () -> {
                    fibers[2] = Fiber.current();
                    Weft.sleep(Duration.ZERO);
                    Weft.sleep(Duration.ZERO);
                    seen.add("z runs after y");
                    return null;
                });
                x.await();
                y.await();
                z.await();
            });
        }
        assertEquals(List.of("z may spin while y runs", "z spins while y runs", "z runs after y"), seen);
    }

    private static void until(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - end < 0, "never happened: " + what);
            Thread.onSpinWait();
        }
    }
}

package dev.weft.stress;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import kotlin.Unit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/**
 * Hand-written Lincheck scenarios for operations that block. Lincheck's random scenarios would
 * soon have a thread wait forever (a get on a queue nobody fills) and report a deadlock, so
 * blocking operations are checked on scenarios that are deadlock-free by construction: every
 * wait can be satisfied by operations some thread still has to run, whatever the interleaving.
 * The model checker then explores the interleavings of each scenario.
 *
 * <p>An operation is written {@code "name"} or {@code "name:arg"} (one int argument).
 */
final class Scenarios {
    private Scenarios() {
    }

    /** A scenario: {@code initial} runs first on one thread, then each of {@code threads} in parallel. */
    static ExecutionScenario of(Class<?> test, List<String> initial, List<List<String>> threads) {
        return CustomScenarioDSLKt.scenario(b -> {
            if (!initial.isEmpty()) {
                b.initial(t -> fill(t, test, initial));
            }
            b.parallel(p -> {
                for (List<String> ops : threads) {
                    p.thread(t -> fill(t, test, ops));
                }
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    /** Threads only, no initial part. */
    @SafeVarargs
    static ExecutionScenario parallel(Class<?> test, List<String>... threads) {
        return of(test, List.of(), Arrays.asList(threads));
    }

    private static Unit fill(DSLThreadScenario thread, Class<?> test, List<String> ops) {
        for (String op : ops) {
            thread.add(actor(test, op));
        }
        return Unit.INSTANCE;
    }

    private static Actor actor(Class<?> test, String op) {
        String[] parts = op.split(":");
        try {
            if (parts.length == 1) {
                return new Actor(test.getMethod(parts[0]), List.of());
            }
            Method m = test.getMethod(parts[0], int.class);
            return new Actor(m, List.of(Integer.parseInt(parts[1])));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no operation " + op + " in " + test.getName(), e);
        }
    }
}

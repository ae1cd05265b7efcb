package dev.weft.junit;

import dev.weft.Weft;
import java.time.Duration;

/** Durations on the loop clock, for the tests moved from the engine (which keeps its own copies). */
final class Clock {
    private Clock() {
    }

    static Duration hours(long h) {
        return Duration.ofHours(h);
    }

    static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    static long nanos(Duration d) {
        return d.toNanos();
    }

    /** Virtual time elapsed since {@code t0}. */
    static Duration since(long t0) {
        return Duration.ofNanos(Weft.now() - t0);
    }
}

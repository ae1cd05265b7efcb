package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Weft;
import dev.weft.junit.WeftTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic 18, testing with virtual time, the way a user of weft-junit writes it: {@code @WeftTest}
 * runs each method as the main task of a fresh loop on virtual time, so the back-off's seconds of
 * {@code sleep} pass at once and the clock says exactly how long the retries waited.
 */
class DesignRetryTest {
    /** Jitter from a seeded Random: the same waits every run. */
    private static final long SEED = 18;

    @WeftTest
    void a_call_that_fails_twice_succeeds_on_the_third_attempt_after_two_back_offs() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long t0 = Weft.now();

        String reply = Design.fetchWithRetry(quiet(), "https://api.example.com/1", 3, new Random(SEED), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return "ok";
        });

        assertEquals("ok", reply);
        assertEquals(3, calls.get());
        Random jitter = new Random(SEED);
        Duration expected = Duration.ofSeconds(1).plusMillis(jitter.nextInt(1000))
                .plus(Duration.ofSeconds(2).plusMillis(jitter.nextInt(1000)));
        assertEquals(expected, Duration.ofNanos(Weft.now() - t0)); // 2^0 s + 2^1 s plus jitter, to the nanosecond
    }

    @WeftTest
    void the_last_failure_propagates_when_every_attempt_fails() {
        IOException last = new IOException("still down");
        AtomicInteger calls = new AtomicInteger();

        IOException thrown = assertThrows(IOException.class, () -> Design.fetchWithRetry(quiet(), "u", 4,
                new Random(SEED), () -> {
                    calls.incrementAndGet();
                    throw last;
                }));

        assertSame(last, thrown);
        assertEquals(4, calls.get());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}

package dev.weft.examples;

import dev.weft.Body;
import dev.weft.Loop;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Topic 9, {@link Weft#sleep} vs {@link Thread#sleep} (the guide's question 8).
 *
 * <ol>
 *   <li>The guide's program: two non-blocking sleeps side by side, then a blocking sleep moved to
 *       a thread pool. Same six lines as CPython, sleeps scaled from 1 s to 200 ms, so the
 *       timestamps carry milliseconds.
 *   <li>What the guide only says: a ticker task ticks every 40 ms while another task sleeps
 *       200 ms. In a cooperative loop a blocking {@code Thread.sleep} stalls every task (no tick
 *       between its start and end, as {@code time.sleep} stalls asyncio); in a parallel loop it
 *       parks only its own task; {@link Weft#toThread} is the fix in a cooperative loop.
 * </ol>
 */
public final class SleepVsBlockingSleep {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Duration SLEEP = Duration.ofMillis(200);

    private SleepVsBlockingSleep() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        Weft.run(() -> {
            Weft.gather(() -> asyncSleep(out), () -> asyncSleep(out)); // both sleep at the same time
            Weft.toThread(() -> syncSleep(out)); // loop.run_in_executor(None, sync_sleep): a platform thread blocks
        });

        out.println();
        show(out, "cooperative loop, Thread.sleep", Loop.cooperative(), () -> Thread.sleep(SLEEP));
        show(out, "parallel loop, Thread.sleep", Loop.parallel(), () -> Thread.sleep(SLEEP));
        show(out, "cooperative loop, toThread(Thread.sleep)", Loop.cooperative(), () -> Weft.toThread(() -> {
            Thread.sleep(SLEEP);
            return null;
        }));
    }

    static Void asyncSleep(PrintStream out) {
        out.println("开始异步睡眠: " + now());
        Weft.sleep(SLEEP); // non-blocking: the other task runs meanwhile
        out.println("结束异步睡眠: " + now());
        return null;
    }

    static Void syncSleep(PrintStream out) throws InterruptedException {
        out.println("开始同步睡眠: " + now());
        Thread.sleep(SLEEP); // blocks its thread
        out.println("结束同步睡眠: " + now());
        return null;
    }

    /** Runs a ticker and a sleeper side by side; prints the ticks seen while the sleeper slept. */
    private static void show(PrintStream out, String how, Loop loop, Body sleep) {
        List<String> events = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        try (loop) {
            loop.run(() -> {
                Weft.gather(() -> {
                    for (int i = 0; i < 8; i++) {
                        events.add("tick +" + (System.nanoTime() - t0) / 1_000_000 + "ms");
                        Weft.sleep(Duration.ofMillis(40));
                    }
                    return null;
                }, () -> {
                    events.add("sleep starts");
                    sleep.run();
                    events.add("sleep ends");
                    return null;
                });
            });
        }
        int during = events.indexOf("sleep ends") - events.indexOf("sleep starts") - 1;
        out.printf("%-42s ticks while the other task slept: %d   %s%n", how + ":", during, events);
    }

    private static String now() {
        return LocalTime.now().format(CLOCK);
    }
}

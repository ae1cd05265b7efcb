package dev.weft.examples;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Topic 4, the event loop (the guide's question 3): {@link Loop} is asyncio's loop and {@code
 * asyncio.Runner} in one: {@code run} may be called again on the same loop, {@code submit} hands
 * it work from any thread ({@code run_coroutine_threadsafe}), {@code dump} shows every live task
 * and what it waits on, {@code close} cancels what is left.
 */
public final class EventLoop {
    private EventLoop() {
    }

    public static void main(String[] args) throws Exception {
        run(Console.out());
    }

    static void run(PrintStream out) throws Exception {
        // The guide gets its loop with asyncio.get_event_loop() outside any coroutine (deprecated:
        // CPython 3.13 warns "There is no current event loop"), then run_until_complete(coroutine()) with coroutine undefined: NameError.
        try (Loop loop = Loop.cooperative()) {
            int result = loop.run(() -> {
                Weft.sleep(Duration.ofMillis(10));
                return 6 * 7;
            });
            out.println("loop.run(main) returned " + result);
            out.println("run again on the same loop: " + loop.run(() -> "second run"));

            // submit from a plain thread: the task starts at once, with no run() in progress.
            Event ready = new Event();
            CompletableFuture<Task<String>> submitted = new CompletableFuture<>();
            Thread.ofPlatform().name("not-a-task").start(() -> submitted.complete(loop.submit(() -> {
                ready.await();
                return "submitted from thread not-a-task, ran as task " + Weft.currentTask().name();
            })));
            Task<String> waiter = submitted.get();
            waitUntilWaiting(loop);
            String dump = loop.dump();
            out.println("loop.dump() while the submitted task waits:");
            out.println("  " + dump.lines().findFirst().orElseThrow());
            dump.lines().filter(l -> l.startsWith("- ")).forEach(l -> out.println("  " + l));
            ready.set(); // from this (plain) thread too: every primitive works outside a task
            out.println(waiter.get());
        }
        out.println("loop closed");
    }

    /** Polls the dump until the one live task waits on the event (it just started on another thread). */
    private static void waitUntilWaiting(Loop loop) throws InterruptedException {
        while (!loop.dump().contains("waiting on")) {
            Thread.sleep(1);
        }
    }
}

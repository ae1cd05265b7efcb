package dev.weft.examples;

import dev.weft.DeadlockException;
import dev.weft.Lock;
import dev.weft.Loop;
import dev.weft.Outcome;
import dev.weft.Permit;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Topic 17, deadlocks (the guide's "协程在死锁状态下如何退出?").
 *
 * <ol>
 *   <li>The guide's two-lock deadlock, unchanged: weft's {@link Lock} detects the cycle when the
 *       second task closes it, and that task gets {@link DeadlockException} naming the cycle
 *       instead of hanging; its locks are released, so the other task finishes.
 *   <li>The same with a lock that is only held for long, not deadlocked: a timeout on acquire.
 *   <li>Acquiring a lock the task already holds: {@code DeadlockException} at once.
 *   <li>The fix: every task takes the locks in the same order.
 * </ol>
 * Cooperative loops, so which task closes the cycle is always the same.
 */
public final class Deadlocks {
    private Deadlocks() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        // 1. The guide says this program hangs; CPython 3.13 does hang (no output until killed).
        Lock lock1 = new Lock("lock1"), lock2 = new Lock("lock2");
        List<Outcome<Object>> outcomes = cooperative(() -> Weft.gatherSettled(List.of(
                Weft.spawn("Task1", () -> inOrder(out, "Task1", lock1, lock2)),
                Weft.spawn("Task2", () -> inOrder(out, "Task2", lock2, lock1)))));
        for (Outcome<Object> o : outcomes) {
            if (o instanceof Outcome.Failure<Object> f) {
                out.println(f.error().getClass().getSimpleName() + ": " + f.error().getMessage());
            }
        }

        // 2. The guide writes `async with asyncio.wait_for(lock2.acquire(), timeout=1)`: CPython raises TypeError
        // ('coroutine' object does not support the asynchronous context manager protocol) and never times out.
        Lock slow = new Lock("slow");
        cooperative(() -> {
            Weft.gather(() -> {
                try (Permit p = slow.hold()) {
                    Weft.sleep(Duration.ofMillis(500)); // holds it for long; nobody waits for us
                }
                return null;
            }, () -> {
                try (Permit p = lock1.hold()) {
                    Weft.waitFor(Duration.ofMillis(50), () -> {
                        slow.acquire();
                        return null;
                    });
                    slow.release();
                    out.println("Task1 acquired slow");
                } catch (TimeoutException e) {
                    out.println("Task1 timeout, releasing lock1"); // try-with-resources releases it
                }
                return null;
            });
            return null;
        });
        out.println("after the timeout: " + lock1);

        // 3. The guide's "last resort" re-acquires a lock it holds: CPython hangs until a signal, whose handler
        // prints "Task cancelled, exiting" and exits with status 0. weft's Lock is not reentrant and says so at once.
        Lock lock = new Lock("lock");
        cooperative(() -> Weft.spawn("deadlock_task", () -> {
            try (Permit p = lock.hold()) {
                out.println("Task acquired lock");
                try (Permit again = lock.hold()) {
                    out.println("This line will never execute");
                }
            } catch (DeadlockException e) {
                out.println("DeadlockException: " + e.getMessage());
            }
        }).await());

        // 4. Lock ordering: both tasks take lock1 then lock2; no cycle can form.
        cooperative(() -> Weft.gather(
                () -> inOrder(out, "Task1", lock1, lock2),
                () -> inOrder(out, "Task2", lock1, lock2)));
    }

    // The guide's "deadlock detector" records waits that never happen and never clears them, so at 0.5 s it
    // reports a cycle although both tasks have finished, then calls .cancel() on functions: AttributeError.
    /** The guide's task1/task2: take {@code first}, sleep, take {@code second}. */
    static Object inOrder(PrintStream out, String name, Lock first, Lock second) {
        try (Permit a = first.hold()) {
            Weft.sleep(Duration.ofMillis(100));
            try (Permit b = second.hold()) {
                out.println(name + " done");
            }
        }
        return null;
    }

    private static <T> T cooperative(java.util.concurrent.Callable<T> main) {
        try (Loop loop = Loop.cooperative()) {
            return loop.run(main);
        }
    }
}

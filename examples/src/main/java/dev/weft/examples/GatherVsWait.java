package dev.weft.examples;

import dev.weft.Done;
import dev.weft.Loop;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Topic 11, {@link Weft#gather} vs {@link Weft#wait} (the guide's question 10): gather returns
 * results in argument order and throws the first failure; wait returns the {@code (done,
 * pending)} sets when its condition holds, never throws for a task's failure and never cancels.
 */
public final class GatherVsWait {
    private GatherVsWait() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static Integer task(int i) {
        Weft.sleep(Duration.ofMillis(100));
        return i;
    }

    static void run(PrintStream out) {
        // The guide runs asyncio.run(asyncio.gather(use_gather(), use_wait())): CPython 3.13 raises ValueError
        // (a coroutine was expected); and asyncio.wait() of bare coroutines is a TypeError since 3.11. Fixed: main + tasks.
        try (Loop loop = Loop.cooperative()) {
            loop.run(() -> {
                Weft.gather(() -> {
                    List<Integer> results = Weft.gather(() -> task(0), () -> task(1), () -> task(2));
                    out.println("Gather结果: " + results); // always [0, 1, 2]
                    return null;
                }, () -> {
                    List<Task<Integer>> tasks = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        int n = i;
                        tasks.add(Weft.spawn(() -> task(n)));
                    }
                    Done<Integer> done = Weft.wait(tasks, ReturnWhen.ALL_COMPLETED);
                    List<Integer> results = done.done().stream().map(Task::result).toList();
                    out.println("Wait结果: " + results); // a set: the order may differ (CPython printed [2, 0, 1])
                    return null;
                });
            });
        }

        // The rest on virtual time: the order of finishing is fixed by the sleeps alone, whatever the machine's load.
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            loop.run(() -> {
                List<Task<String>> racers = List.of(
                        Weft.spawn("fast", () -> racer("fast", 20)),
                        Weft.spawn("medium", () -> racer("medium", 200)),
                        Weft.spawn("slow", () -> racer("slow", 400)));
                Done<String> first = Weft.wait(racers, ReturnWhen.FIRST_COMPLETED);
                out.println("FIRST_COMPLETED: done " + names(first.done()) + ", pending " + first.pending().size()
                        + " (wait cancels nothing: they still run)");
                first.pending().forEach(Task::cancel);

                List<Task<String>> jobs = List.of(
                        Weft.spawn("ok", () -> racer("ok", 20)),
                        Weft.spawn("broken", () -> {
                            Weft.sleep(Duration.ofMillis(60));
                            throw new IllegalStateException("broken failed");
                        }),
                        Weft.spawn("long", () -> racer("long", 400)));
                Done<String> failed = Weft.wait(jobs, ReturnWhen.FIRST_EXCEPTION);
                out.println("FIRST_EXCEPTION: done " + names(failed.done()) + ", pending " + names(failed.pending()));
                for (Task<String> t : failed.done()) {
                    if (t.exception() != null) {
                        out.println("  " + t.name() + " failed: " + t.exception().getMessage());
                    }
                }
                try {
                    Weft.gather(jobs); // gather throws the first failure; the others are not cancelled
                } catch (IllegalStateException e) {
                    out.println("gather threw: " + e.getMessage() + "; long still running: " + !jobs.get(2).isDone());
                }
                jobs.get(2).cancel();
            });
        }
    }

    private static String racer(String name, long millis) {
        Weft.sleep(Duration.ofMillis(millis));
        return name;
    }

    private static List<String> names(java.util.Collection<Task<String>> tasks) {
        return tasks.stream().map(Task::name).sorted().toList();
    }
}

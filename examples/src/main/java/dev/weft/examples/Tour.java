package dev.weft.examples;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A short tour of weft: gather, wait_for and TaskGroup, each printing what it shows. Run it
 * with {@code ./mvnw -q -Ptour -DskipTests package} from the repository root.
 */
public final class Tour {
    private Tour() {
    }

    public static void main(String[] args) throws Exception {
        Weft.run(() -> {
            gather();
            waitFor();
            taskGroup();
        });
        cooperative();
        System.out.println("\nThat was the tour.");
    }

    /** gather: tasks run at the same time; results come back in argument order. */
    static void gather() {
        section("gather: three downloads at once, results in argument order");
        long start = System.nanoTime();
        List<String> pages = Weft.gather(
                () -> download("slow.example", 300),
                () -> download("fast.example", 100),
                () -> download("mid.example", 200));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("  results: " + pages);
        System.out.println("  took " + ms + " ms: about the slowest (300 ms), not the sum (600 ms)");
    }

    /** wait_for: on time-out the task is cancelled, its cleanup runs, then TimeoutException. */
    static void waitFor() throws Exception {
        section("wait_for: a task that is too slow is cancelled, and its finally block runs");
        Task<String> slow = Weft.spawn("slow-query", () -> {
            try {
                Weft.sleep(Duration.ofSeconds(10));
                return "rows";
            } finally {
                System.out.println("  slow-query: finally block ran (connection returned to the pool)");
            }
        });
        try {
            Weft.waitFor(Duration.ofMillis(100), slow);
        } catch (TimeoutException e) {
            System.out.println("  waitFor threw TimeoutException; slow-query cancelled: " + slow.isCancelled());
        }
        String fast = Weft.waitFor(Duration.ofSeconds(1), () -> download("fast.example", 50));
        System.out.println("  a body that finishes in time just returns: " + fast);
    }

    /** TaskGroup: the first failure cancels the siblings; every error is reported together. */
    static void taskGroup() {
        section("TaskGroup: one child fails, its siblings are cancelled, run() reports the error");
        List<String> events = new ArrayList<>();
        try {
            TaskGroup.run(group -> {
                group.spawn("worker-1", () -> {
                    try {
                        Weft.sleep(Duration.ofSeconds(5));
                    } finally {
                        events.add("worker-1 cancelled and cleaned up");
                    }
                });
                group.spawn("worker-2", () -> {
                    Weft.sleep(Duration.ofMillis(50));
                    throw new IllegalStateException("worker-2 lost its connection");
                });
                return null;
            });
        } catch (TaskGroupException e) {
            events.forEach(ev -> System.out.println("  " + ev));
            System.out.println("  TaskGroupException with " + e.exceptions().size() + " error: " + e.exceptions().get(0).getMessage());
            System.out.println("  no child outlived the group: " + (Weft.allTasks().size() == 1));
        }
    }

    /** Cooperative mode: asyncio's model, one task at a time, switching only at suspension points. */
    static void cooperative() {
        section("cooperative loop: tasks take turns at each suspension point, FIFO");
        List<String> order = new ArrayList<>(); // no lock needed: only one task runs at a time
        try (Loop loop = Loop.cooperative()) {
            loop.run(() -> {
                List<Task<Void>> tasks = new ArrayList<>();
                for (String name : List.of("a", "b", "c")) {
                    tasks.add(Weft.spawn(() -> {
                        for (int i = 1; i <= 2; i++) {
                            order.add(name + i);
                            Weft.sleep(Duration.ZERO); // let the others run
                        }
                    }));
                }
                Weft.gather(tasks);
            });
        }
        System.out.println("  order: " + order + " (always this order: a run is deterministic)");
    }

    static String download(String host, long millis) {
        Weft.sleep(Duration.ofMillis(millis));
        return host + " (" + millis + " ms)";
    }

    static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }
}

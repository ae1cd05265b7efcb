package dev.weft.examples;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Topic 5, Task vs Future (the guide's question 4). asyncio's {@code Task} is a {@code Future}
 * that runs a coroutine; weft's {@link Task} is a {@link java.util.concurrent.Future} that runs a
 * body in a virtual thread: {@code get()}, {@code state()}, {@code resultNow()} work as for any
 * JDK future, and asyncio's {@code result()}, {@code exception()}, done callbacks are there too.
 */
public final class TaskVsFuture {
    private TaskVsFuture() {
    }

    public static void main(String[] args) throws Exception {
        run(Console.out());
    }

    static void run(PrintStream out) throws Exception {
        // The guide's "way 2" calls asyncio.create_task() at module level, where no loop runs:
        // CPython 3.13 raises RuntimeError: no running event loop. weft says the same:
        try {
            Weft.spawn(TaskVsFuture::myCoroutine);
        } catch (IllegalStateException e) {
            out.println("Weft.spawn outside a loop: IllegalStateException: " + e.getMessage());
        }

        // On virtual time, so "while it runs" is sure to be while it runs, however loaded the machine.
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            loop.run(() -> {
                Task<String> task = Weft.spawn("my_coroutine", TaskVsFuture::myCoroutine);
                Event callbackRan = new Event();
                task.addDoneCallback(t -> {
                    out.println("done callback: " + t.name() + " finished, result " + t.result());
                    callbackRan.set();
            });
            Future<String> future = task; // a Task is a java.util.concurrent.Future
            out.println("state while it runs: " + future.state());
            out.println("future.get() = " + future.get());
            out.println("state afterwards: " + future.state() + ", resultNow() = " + future.resultNow());
            callbackRan.await(); // callbacks run after the task is done, in a task of their own
            out.println(task.result()); // asyncio: print(task.result())  # "Done"

            Task<String> failing = Weft.spawn("failing", () -> {
                throw new IllegalArgumentException("bad input");
            });
            Weft.wait(java.util.List.of(failing));
            out.println("failing.exception() = " + failing.exception() + ", state " + failing.state());
            });
        }
    }

    static String myCoroutine() {
        Weft.sleep(Duration.ofSeconds(1)); // asyncio.sleep(1)
        return "Done";
    }
}

package dev.weft.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * The tour: every example, in the order of the asyncio guide this project grew from, each under
 * its own heading. Run it with {@code ./mvnw -q -Ptour -DskipTests package} from the repository
 * root; each example also has its own {@code main}. The README's table says what each one shows
 * and what the guide got wrong; {@code examples/GUIDE-NOTES.md} maps the guide's 39 programs to
 * the examples with what CPython 3.13 printed.
 */
public final class Tour {
    private Tour() {
    }

    @FunctionalInterface
    interface Example {
        void run(PrintStream out) throws Exception;
    }

    record Stop(String title, Class<?> type, Example example) {
    }

    static final List<Stop> STOPS = List.of(
            new Stop("What async is: weft vs threads vs processes", AsyncVsThreads.class, AsyncVsThreads::run),
            new Stop("Coroutine scheduling and the GIL question", Scheduling.class, Scheduling::run),
            new Stop("async/await and generators", AwaitAndGenerators.class, AwaitAndGenerators::run),
            new Stop("The event loop", EventLoop.class, EventLoop::run),
            new Stop("Task vs Future", TaskVsFuture.class, TaskVsFuture::run),
            new Stop("Exceptions", Exceptions.class, Exceptions::run),
            new Stop("Concurrency limits", ConcurrencyLimits.class, ConcurrencyLimits::run),
            new Stop("Async context managers and iterators", ContextManagersAndIterators.class, ContextManagersAndIterators::run),
            new Stop("Weft.sleep vs Thread.sleep", SleepVsBlockingSleep.class, SleepVsBlockingSleep::run),
            new Stop("Advantages and limits", AdvantagesAndLimits.class, AdvantagesAndLimits::run),
            new Stop("gather vs wait", GatherVsWait.class, GatherVsWait::run),
            new Stop("Timeouts", Timeouts.class, Timeouts::run),
            new Stop("What is underneath: 1,000 connections on an echo server", EchoServer.class, EchoServer::run),
            new Stop("Integrating blocking code", BlockingCode.class, BlockingCode::run),
            new Stop("Atomicity, the guide's five ways", Atomicity.class, Atomicity::run),
            new Stop("Graceful shutdown", GracefulShutdown.class, GracefulShutdown::run),
            new Stop("Deadlocks", Deadlocks.class, Deadlocks::run),
            new Stop("Designing coroutine programs", Design.class, Design::run));

    public static void main(String[] args) throws Exception {
        PrintStream out = Console.out();
        long t0 = System.nanoTime();
        for (int i = 0; i < STOPS.size(); i++) {
            Stop s = STOPS.get(i);
            out.println();
            out.println("== " + (i + 1) + ". " + s.title() + " (" + s.type().getSimpleName() + ")");
            s.example().run(out);
        }
        out.printf("%nThat was the tour: %d examples in %.1f s.%n", STOPS.size(), (System.nanoTime() - t0) / 1e9);
    }
}

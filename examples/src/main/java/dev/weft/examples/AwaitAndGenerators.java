package dev.weft.examples;

import dev.weft.Generator;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Topic 3, async/await and generators (the guide's question 2, which has no program).
 *
 * <p>The guide explains {@code async}/{@code await} through generators: a coroutine is a
 * generator the loop drives with {@code send()}. weft needs neither: a task is a virtual thread,
 * {@code task.await()} parks the caller until the task is done, and an ordinary method that
 * waits is already "async". What generators still give, lazy production one item at a time,
 * is {@link Weft#generate}: the producer runs only when the consumer asks, and suspends at each
 * {@code emit}. Run in a cooperative loop so the interleaving below is always the same.
 */
public final class AwaitAndGenerators {
    private AwaitAndGenerators() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        try (Loop loop = Loop.cooperative()) {
            loop.run(() -> {
                // await: the caller parks until the task is done, and gets its result.
                Task<Integer> answer = Weft.spawn("answer", () -> {
                    Weft.sleep(Duration.ofMillis(20));
                    return 42;
                });
                out.println("spawned " + answer.name() + ", done: " + answer.isDone());
                out.println("answer.await() = " + answer.await() + ", done: " + answer.isDone());

                // A generator: the producer runs only between the consumer's requests.
                try (Generator<Integer> squares = Weft.generate(emit -> {
                    try {
                        for (int i = 1; ; i++) {
                            out.println("  producer: computing " + i + "*" + i);
                            emit.emit(i * i); // suspends until the consumer asks again
                        }
                    } finally {
                        out.println("  producer: finally (the consumer closed the generator)");
                    }
                })) {
                    for (int square : squares) {
                        out.println("consumer: got " + square);
                        if (square >= 9) {
                            break; // an endless generator: close() cancels the producer
                        }
                    }
                }
                out.println("generator closed");
            });
        }
    }
}

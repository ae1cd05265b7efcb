package dev.weft.examples;

import dev.weft.Generator;
import dev.weft.Lock;
import dev.weft.Permit;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Topic 8, async context managers and async iterators (the guide's question 7). {@code async
 * with} is try-with-resources: on an {@link AutoCloseable} of your own, or on the {@link Permit}
 * of a lock-like ({@code lock.hold()}). {@code async for} over an async generator is a for-each
 * over a {@link Generator}. Both guide programs print the same lines here as in CPython.
 */
public final class ContextManagersAndIterators {
    private ContextManagersAndIterators() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    /** The guide's AsyncDatabase: __aenter__ prints, __aexit__ prints, query sleeps 0.1 s. */
    static final class AsyncDatabase implements AutoCloseable {
        private final PrintStream out;

        AsyncDatabase(PrintStream out) {
            this.out = out;
            out.println("连接数据库");
        }

        String query() {
            Weft.sleep(Duration.ofMillis(100));
            return "查询结果";
        }

        @Override
        public void close() {
            out.println("关闭数据库连接");
        }
    }

    static void run(PrintStream out) {
        Weft.run(() -> {
            try (AsyncDatabase db = new AsyncDatabase(out)) { // async with AsyncDatabase() as db:
                String result = db.query();
                out.println(result);
            }

            Lock lock = new Lock("the-lock");
            try (Permit p = lock.hold()) { // async with lock:
                out.println("inside async with lock: " + lock);
            }
            out.println("after the block: " + lock);

            // async def async_generator(): for i in range(3): await asyncio.sleep(0.1); yield i
            try (Generator<Integer> items = Weft.generate(emit -> {
                for (int i = 0; i < 3; i++) {
                    Weft.sleep(Duration.ofMillis(100));
                    emit.emit(i);
                }
            })) {
                for (int item : items) { // async for item in async_generator():
                    out.println(item);
                }
            }
        });
    }
}

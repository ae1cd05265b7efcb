package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * What a task inherits (asyncio copies the creator's {@code contextvars} into every new task):
 * the creator's SLF4J MDC and inheritable thread locals as they are at spawn time, on every
 * creation path, in every mode. Each test changes the creator's values right after the spawn
 * (before a cooperative child has even started) and changes them in the child, to show that
 * it is a copy taken at spawn, not a shared map and not a look at start time.
 */
@Timeout(60) // hang guard only
class ContextTest {
    private static final InheritableThreadLocal<String> USER = new InheritableThreadLocal<>();

    @BeforeAll
    static void mdcIsNotInheritedByThreads() {
        // Under slf4j-simple's own (inheritable) MDC these tests could not fail; see PlainMdcProvider.
        assertInstanceOf(PlainMdcProvider.PlainMdc.class, MDC.getMDCAdapter());
    }

    @AfterEach
    void clearTheTestThread() {
        MDC.clear();
        USER.remove();
    }

    /** What the calling code sees: "mdc request / inheritable user". */
    private static String seen() {
        return MDC.get("request") + "/" + USER.get();
    }

    private static void set(String request, String user) {
        MDC.put("request", request);
        USER.set(user);
    }

    /** A body that reports what it sees, then scribbles over both, which must stay in its thread. */
    private static String seeAndScribble() {
        String s = seen();
        set("scribbled", "scribbled");
        return s;
    }

    /**
     * For bodies on pooled threads: reports, then scribbles over the MDC only (a body's own writes
     * to a pooled thread's thread locals stay on that thread, as with any executor).
     */
    private static String seeAndScribbleMdc() {
        String s = seen();
        MDC.put("request", "scribbled");
        return s;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void spawnCopiesTheCreatorsContextAtSpawnTime(Mode mode) {
        Tasks.run(mode, () -> {
            set("r-1", "u-1");
            Task<String> child = Weft.spawn(ContextTest::seeAndScribble);
            Task<String> named = Weft.spawn("named", ContextTest::seeAndScribble);
            set("r-2", "u-2");
            assertEquals("r-1/u-1", child.await());
            assertEquals("r-1/u-1", named.await());
            assertEquals(List.of("r-2/u-2", "r-2/u-2"), Weft.gather(ContextTest::seeAndScribble, ContextTest::seeAndScribble));
            assertEquals("r-2/u-2", seen());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aTaskWithoutContextStartsWithout(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> child = Weft.spawn(ContextTest::seeAndScribble);
            set("r-1", "u-1");
            assertEquals("null/null", child.await());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void taskGroupSpawnCopiesTheCreatorsContext(Mode mode) {
        Tasks.run(mode, () -> {
            set("r-1", "u-1");
            List<String> seen = TaskGroup.run(g -> {
                Task<String> a = g.spawn(ContextTest::seeAndScribble);
                set("r-2", "u-2");
                Task<String> b = g.spawn("b", ContextTest::seeAndScribble);
                set("r-3", "u-3");
                return List.of(a.await(), b.await());
            });
            assertEquals(List.of("r-1/u-1", "r-2/u-2"), seen);
            assertEquals("r-3/u-3", seen());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void runAndSubmitFromAPlainThreadCopyThatThreadsContext(Mode mode) throws Exception {
        try (Loop loop = mode.loop()) {
            set("main", "main-user");
            assertEquals("main/main-user", loop.run(ContextTest::seeAndScribble));
            assertEquals("main/main-user", seen());
            set("submit", "submit-user");
            Task<String> submitted = loop.submit(ContextTest::seeAndScribble);
            set("later", "later-user");
            assertEquals("submit/submit-user", submitted.get());
            assertEquals("later/later-user", seen());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void toThreadRunsWithTheCallersMdcAndNoStaleThreadLocals(Mode mode) {
        Tasks.run(mode, () -> {
            set("r-1", "u-1");
            // The loop's pool threads do not inherit: u-1 would otherwise stick to the thread this
            // first call creates and show up in every later body that thread runs.
            assertEquals("r-1/null", Weft.toThread(ContextTest::seeAndScribbleMdc));
            assertEquals("r-1/u-1", seen());
            MDC.clear();
            assertEquals("null/null", Weft.toThread(ContextTest::seeAndScribbleMdc)); // scribbles undone
            set("r-2", "u-2");
            assertEquals("r-2/null", Weft.toThread(ContextTest::seeAndScribbleMdc));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void runInExecutorLendsTheCallersMdcAndRestoresTheThreadsOwn(Mode mode) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> set("pool-own", "pool-user")).get();
            Tasks.run(mode, () -> {
                set("r-1", "u-1");
                // Inheritable thread locals: the executor's thread keeps its own (nothing is copied in).
                assertEquals("r-1/pool-user", Weft.runInExecutor(pool, ContextTest::seeAndScribbleMdc));
                assertEquals("r-1/u-1", seen());
            });
            assertEquals("pool-own/pool-user", pool.submit(ContextTest::seen).get()); // its MDC restored
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void runInExecutorFromAPlainThreadLendsItsMdcToo() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> { }).get(); // its thread exists before the caller sets anything
            set("plain", "plain-user");
            assertEquals("plain/null", Weft.runInExecutor(pool, ContextTest::seeAndScribbleMdc));
            assertEquals("null/null", pool.submit(ContextTest::seen).get());
        } finally {
            pool.shutdown();
        }
    }
}

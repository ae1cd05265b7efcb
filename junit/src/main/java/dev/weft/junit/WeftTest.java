package dev.weft.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test method that runs as the main task of a fresh {@link dev.weft.Loop}, on virtual time
 * unless {@link #mode()} says otherwise: kotlinx's {@code runTest}, asyncio's {@code
 * IsolatedAsyncioTestCase}, for weft.
 *
 * {@snippet :
 * @WeftTest
 * void a_retry_backs_off_for_a_minute_in_no_time() {
 *     long t0 = Weft.now();
 *     assertEquals("ok", retry(3, Duration.ofSeconds(30), this::flakyCall)); // sleeps 30 s twice
 *     assertEquals(Duration.ofMinutes(1), Duration.ofNanos(Weft.now() - t0));
 * }
 *
 * @WeftTest(mode = WeftTest.Mode.PARALLEL)
 * void against_real_threads(Loop loop) {   // the test's loop, injected
 *     ...
 * }
 * }
 *
 * <p>What {@link WeftExtension} adds to a plain {@code @Test}:
 * <ul>
 *   <li>the method body is the loop's main task ({@code Loop.run}), so {@code Weft.spawn},
 *       {@code TaskGroup}, {@code Weft.sleep} and the rest work in it, and on virtual time an
 *       hour of {@code sleep} or a ten-minute timeout take no time;
 *   <li>a test that returns while tasks it started are still running fails, with {@code
 *       Loop.dump()} (each task's state, what it waits on, its stack) in the message; those
 *       tasks are cancelled as it returns;
 *   <li>a task whose exception nobody retrieved ({@code await}, {@code result}, {@code exception},
 *       a combinator) fails the test, with that exception as the cause (asyncio only logs "Task
 *       exception was never retrieved");
 *   <li>the loop is closed after the method (its leftover tasks cancelled and waited for), and a
 *       {@link dev.weft.Loop} parameter of the method (or of a {@code @BeforeEach} method) is that
 *       loop.
 * </ul>
 * {@code @BeforeEach} and {@code @AfterEach} methods run on JUnit's thread, outside the loop; they
 * may {@code submit} to the injected loop. {@code @ExtendWith(WeftExtension.class)} on a class
 * gives its plain {@code @Test} methods the same, on virtual time, and each invocation of its
 * {@code @ParameterizedTest} and {@code @RepeatedTest} methods a loop of its own.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(WeftExtension.class)
public @interface WeftTest {
    /**
     * How the test's loop runs its tasks; {@link Mode#VIRTUAL_TIME} by default.
     *
     * @return the mode of the loop the test method runs in
     */
    Mode mode() default Mode.VIRTUAL_TIME;

    /** The three ways a {@link dev.weft.Loop} runs tasks. */
    enum Mode {
        /** {@code Loop.cooperative()}: one task at a time, FIFO between suspension points, real time. */
        COOPERATIVE,
        /** {@code Loop.parallel()}: every task a virtual thread on the JDK's scheduler. */
        PARALLEL,
        /** {@code Loop.builder().virtualTime()}: cooperative, and the clock jumps whenever every task waits. */
        VIRTUAL_TIME
    }
}

package dev.weft.junit;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Runs each test method as the main task of a fresh {@link Loop} and checks what the test left
 * behind; see {@link WeftTest}. Registered by {@code @WeftTest}, or by
 * {@code @ExtendWith(WeftExtension.class)} (then the loop is on virtual time).
 *
 * <p>When the method has returned (or thrown), still inside the main task, the loop's other
 * unfinished tasks are taken down in a {@link Loop#dump()} (in a cooperative loop nothing else
 * runs meanwhile; in a parallel one a task that is just finishing may be caught still running)
 * and cancelled. Then the loop is closed, which waits for them, and every "Task exception was
 * never retrieved" the loop reported (through {@link Loop.Builder#onUnretrievedFailure}) is
 * collected. A test that passed then fails if there was either; a test that failed keeps its
 * own exception, with these attached as suppressed.
 */
public final class WeftExtension implements InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeftExtension.class);

    /** For JUnit. */
    public WeftExtension() {
    }

    /** One test method's loop and the failures it reported unretrieved. */
    private static final class TestLoop implements AutoCloseable {
        final List<AssertionFailedError> unretrieved = new CopyOnWriteArrayList<>();
        final Loop loop;

        TestLoop(WeftTest.Mode mode) {
            Loop.Builder b = switch (mode) {
                case PARALLEL -> Loop.builder().parallel();
                case COOPERATIVE -> Loop.builder().cooperative();
                case VIRTUAL_TIME -> Loop.builder().virtualTime();
            };
            this.loop = b.onUnretrievedFailure((task, error) -> unretrieved.add(new AssertionFailedError(
                    "task " + task + " failed and its exception was never retrieved", error))).build();
        }

        /** The store closes it if the test never ran (a {@code @BeforeEach} failed): nothing to check then. */
        @Override
        public void close() {
            loop.close();
        }
    }

    /** The test method's loop, made on first use (a {@code @BeforeEach} parameter, or the method itself). */
    private static TestLoop testLoop(ExtensionContext context) {
        WeftTest.Mode mode = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, WeftTest.class))
                .map(WeftTest::mode)
                .orElse(WeftTest.Mode.VIRTUAL_TIME);
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestLoop.class, k -> new TestLoop(mode), TestLoop.class);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runInLoop(invocation, extensionContext);
    }

    /** Each invocation of a {@code @ParameterizedTest} or {@code @RepeatedTest} gets its own loop, likewise. */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runInLoop(invocation, extensionContext);
    }

    private static void runInLoop(Invocation<Void> invocation, ExtensionContext extensionContext) throws Throwable {
        TestLoop t = testLoop(extensionContext);
        Throwable[] thrown = new Throwable[1];
        AssertionFailedError[] leftover = new AssertionFailedError[1];
        try {
            t.loop.run(() -> {
                try {
                    invocation.proceed();
                } catch (Throwable e) {
                    thrown[0] = e; // the test's own exception, as it threw it (not wrapped by the task)
                }
                leftover[0] = leftover(t.loop); // from the main task, before it returns
            });
        } catch (Throwable e) {
            thrown[0] = e; // the main task itself failed to run (or was cancelled)
        }
        t.loop.close();
        List<AssertionFailedError> problems = new ArrayList<>();
        if (leftover[0] != null) {
            problems.add(leftover[0]);
        }
        problems.addAll(t.unretrieved);
        Throwable failure = thrown[0];
        if (failure == null && !problems.isEmpty()) {
            failure = problems.remove(0);
        }
        if (failure != null) {
            for (Throwable p : problems) {
                failure.addSuppressed(p);
            }
            throw failure;
        }
    }

    /**
     * The tasks still running besides the calling main task, as a failure with the loop's dump, or
     * null. They are cancelled here, as {@code Weft.run} does when main is done: on virtual time
     * the loop would otherwise jump its clock the moment main returns and let them run on.
     */
    private static AssertionFailedError leftover(Loop loop) {
        Task<?> main = Weft.currentTask();
        Set<Task<?>> live = loop.tasks();
        live.remove(main);
        if (live.isEmpty()) {
            return null;
        }
        String dump = loop.dump();
        for (Task<?> t : live) {
            t.cancel("left running by the test");
        }
        return new AssertionFailedError("the test left " + live.size() + (live.size() == 1 ? " task" : " tasks")
                + " running (cancelled as it returned); " + main.name() + " is the test itself:\n" + dump);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Loop.class && extensionContext.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return testLoop(extensionContext).loop;
    }
}

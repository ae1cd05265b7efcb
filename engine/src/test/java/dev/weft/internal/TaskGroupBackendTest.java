package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How {@link TaskGroupBackend} chooses between weft's own {@code TaskGroup} and the JDK's
 * {@code StructuredTaskScope}, asked about JVMs other than this one (the JDK's feature release
 * and the loading of {@code JdkTaskScope} are parameters). The real JDK-25 backend is tested by
 * failsafe against the packaged jar ({@code src/test/java25}).
 */
class TaskGroupBackendTest {
    /** Stands for JdkTaskScope: a TaskScope with a (String name) constructor. */
    static final class FakeScope implements TaskScope {
        final String name;

        FakeScope(String name) {
            this.name = name;
        }

        @Override
        public boolean isOwner() {
            return true;
        }

        @Override
        public boolean fork(Fiber f) {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static final Supplier<Class<?>> LOADS = () -> FakeScope.class;
    private static final Supplier<Class<?>> NOT_THERE =
            () -> { throw new IllegalStateException("no dev.weft.internal.JdkTaskScope on the class or module path"); };
    private static final Supplier<Class<?>> NO_PREVIEW = () -> {
        throw new UnsupportedClassVersionError("Preview features are not enabled for dev/weft/internal/JdkTaskScope"
                + " (class file version 69.65535). Try running with '--enable-preview'");
    };

    private static Supplier<Class<?>> mustNotLoad() {
        return () -> fail("the class must not be loaded on a JDK other than 25");
    }

    @Test
    void jdk_25_with_the_class_loading_picks_the_jdk_scope_in_parallel_loops_only() {
        TaskGroupBackend b = TaskGroupBackend.choose(null, () -> 25, LOADS);
        assertTrue(b.isJdk());
        FakeScope s = assertInstanceOf(FakeScope.class, b.open("weft.TaskGroup/main", false));
        assertEquals("weft.TaskGroup/main", s.name);
        assertNull(b.open("weft.TaskGroup/main", true), "a cooperative loop runs weft's own group");
        assertTrue(b.toString().contains("StructuredTaskScope"), b::toString);
    }

    @Test
    void forced_own_picks_weft_s_own_even_where_the_jdk_scope_could_be_had() {
        TaskGroupBackend b = TaskGroupBackend.choose("own", () -> 25, LOADS);
        assertFalse(b.isJdk());
        assertNull(b.open("g", false));
        assertEquals("TaskGroup: weft's own (-Dweft.taskGroup=own)", b.toString());
    }

    @Test
    void other_jdks_pick_weft_s_own_without_loading_the_class() {
        for (int feature : new int[] {21, 24, 26, 27}) {
            TaskGroupBackend b = TaskGroupBackend.choose(null, () -> feature, mustNotLoad());
            assertFalse(b.isJdk());
            assertNull(b.open("g", false));
            assertTrue(b.toString().contains("needs JDK 25 with --enable-preview (JEP 505), this is JDK " + feature), b::toString);
        }
    }

    @Test
    void jdk_25_without_enable_preview_picks_weft_s_own_and_says_why() {
        TaskGroupBackend b = TaskGroupBackend.choose(null, () -> 25, NO_PREVIEW);
        assertFalse(b.isJdk());
        assertNull(b.open("g", false));
        assertTrue(b.toString().startsWith("TaskGroup: weft's own; the JDK's StructuredTaskScope needs --enable-preview on JDK 25"),
                b::toString);
    }

    @Test
    void jdk_25_running_from_a_classes_folder_picks_weft_s_own_and_says_why() {
        TaskGroupBackend b = TaskGroupBackend.choose(null, () -> 25, NOT_THERE);
        assertFalse(b.isJdk());
        assertTrue(b.toString().contains("needs weft's Multi-Release jar"), b::toString);
    }

    @Test
    void forced_jdk_where_it_cannot_be_had_fails_at_first_use_with_the_reason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TaskGroupBackend.choose("jdk", () -> 21, mustNotLoad()).open("g", false));
        assertEquals("TaskGroup: unavailable: -Dweft.taskGroup=jdk, but the JDK's StructuredTaskScope needs JDK 25"
                + " with --enable-preview (JEP 505), this is JDK 21", e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> TaskGroupBackend.choose("jdk", () -> 25, NO_PREVIEW).open("g", true));
        assertTrue(e.getMessage().contains("-Dweft.taskGroup=jdk, but the JDK's StructuredTaskScope needs --enable-preview"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> TaskGroupBackend.choose("jdk", () -> 25, NOT_THERE).open("g", false));
        assertTrue(e.getMessage().contains("needs weft's Multi-Release jar"), e.getMessage());
    }

    @Test
    void forced_jdk_where_it_can_be_had_picks_it() {
        assertTrue(TaskGroupBackend.choose("jdk", () -> 25, LOADS).isJdk());
    }

    @Test
    void an_unknown_value_fails_at_first_use() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TaskGroupBackend.choose("structured", () -> 25, LOADS).open("g", false));
        assertEquals("TaskGroup: unavailable: -Dweft.taskGroup=structured is not a backend: use own or jdk", e.getMessage());
    }

    @Test
    void this_jvm_runs_from_target_classes_so_weft_s_own_runs() {
        // Surefire tests target/classes, which has no META-INF/versions: the JDK backend cannot
        // load here whatever the JDK (failsafe tests the jar).
        assertFalse(TaskGroupBackend.selected().isJdk(), TaskGroupBackend.selected()::toString);
    }
}

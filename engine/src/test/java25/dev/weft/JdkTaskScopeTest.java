package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import dev.weft.internal.TaskGroupBackend;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the JDK backend gives beyond weft's own {@code TaskGroup} (SPEC 4.9): {@code ScopedValue}
 * bindings reach child tasks, and thread dumps show the children under the group's scope. And
 * where it differs: children that children spawn into the same group, spawns inside a binding
 * made after the group was opened, and cooperative loops. Failsafe runs this against the
 * packaged jar on JDK 25 with {@code --enable-preview} and {@code -Dweft.taskGroup=jdk}.
 */
class JdkTaskScopeTest {
    private static final ScopedValue<String> USER = ScopedValue.newInstance();
    private static final Duration HOUR = Duration.ofHours(1);

    @BeforeAll
    static void theJdkScopeIsInUse() {
        assertTrue(TaskGroupBackend.selected().isJdk(), TaskGroupBackend.selected()::toString);
    }

    private static String user() {
        return USER.isBound() ? USER.get() : "<unbound>";
    }

    @Test
    void a_scoped_value_bound_around_run_reaches_children_and_grandchildren_in_nested_groups() {
        Tasks.run(Mode.PARALLEL, () -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            ScopedValue.where(USER, "ada").call(() -> TaskGroup.run(g -> {
                seen.add("body: " + user());
                g.spawn(() -> {
                    seen.add("child: " + user());
                    TaskGroup.run(inner -> {
                        inner.spawn(() -> {
                            seen.add("grandchild: " + user());
                            try (TaskGroup deepest = TaskGroup.open()) {
                                deepest.spawn(() -> seen.add("great-grandchild: " + user()));
                                deepest.join();
                            }
                        });
                        return null;
                    });
                });
                return null;
            }));
            assertEquals(Set.of("body: ada", "child: ada", "grandchild: ada", "great-grandchild: ada"), Set.copyOf(seen));
            assertEquals(4, seen.size());
            assertFalse(USER.isBound());
        });
    }

    @Test
    void a_child_forked_by_the_scope_runs_on_its_tasks_own_thread() {
        Tasks.run(Mode.PARALLEL, () -> {
            Task<Boolean> child = TaskGroup.run(g -> g.spawn(() -> {
                Task<?> me = Weft.currentTask();
                return me != null && Thread.currentThread() == me.fiber.thread();
            }));
            assertTrue(child.result());
        });
    }

    @Test
    void a_thread_dump_shows_the_waiting_children_under_the_groups_scope(@TempDir Path dir) throws Exception {
        Tasks.run(Mode.PARALLEL, () -> {
            Task<?> owner = Weft.currentTask();
            Event release = new Event();
            List<Task<?>> kids = new ArrayList<>();
            TaskGroup.run(g -> {
                for (int i = 0; i < 3; i++) {
                    kids.add(g.spawn("dumped-" + i, release::await));
                }
                for (Task<?> k : kids) {
                    Tasks.awaitBlocked(k);
                }
                Path file = dir.resolve("threads.json");
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), ThreadDumpFormat.JSON);
                String json = Files.readString(file).replace("\\/", "/"); // JSON may escape '/'
                String scope = containerSection(json, "weft.TaskGroup/" + owner.name());
                assertTrue(scope.contains("\"owner\": \"" + owner.fiber.thread().threadId() + "\""), scope);
                Set<Long> expected = new HashSet<>();
                for (Task<?> k : kids) {
                    expected.add(k.fiber.thread().threadId());
                }
                assertEquals(expected, tids(scope), scope);
                assertTrue(scope.contains("\"name\": \"dumped-0\""), scope);
                release.set();
                return null;
            });
        });
    }

    /** The JSON of the one thread container whose name starts with {@code name} (up to the next container). */
    private static String containerSection(String json, String name) {
        String[] parts = json.split("\"container\": \"");
        String found = null;
        for (String p : parts) {
            if (p.startsWith(name)) {
                assertEquals(null, found, "two containers named " + name);
                found = p;
            }
        }
        assertTrue(found != null, () -> "no container named " + name + " in\n" + json);
        return found;
    }

    private static Set<Long> tids(String section) {
        Set<Long> s = new HashSet<>();
        Matcher m = Pattern.compile("\"tid\": \"(\\d+)\"").matcher(section);
        while (m.find()) {
            s.add(Long.parseLong(m.group(1)));
        }
        return s;
    }

    @Test
    void a_child_spawning_into_the_same_group_starts_it_outside_the_scope_without_the_bindings() {
        // The documented difference (TaskGroup javadoc, ADR 0004): only the owner may fork into a
        // StructuredTaskScope, so a child's spawn into the group starts the grandchild as an
        // ordinary task. SPEC 4.5 holds (the group waits for it); the binding does not reach it.
        Tasks.run(Mode.PARALLEL, () -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            List<Task<?>> all = new CopyOnWriteArrayList<>();
            ScopedValue.where(USER, "ada").call(() -> TaskGroup.run(g -> {
                all.add(g.spawn(() -> {
                    seen.add("child: " + user());
                    all.add(g.spawn(() -> {
                        Weft.sleep(Duration.ofMillis(1));
                        seen.add("grandchild via the group: " + user());
                    }));
                }));
                return null;
            }));
            assertEquals(Set.of("child: ada", "grandchild via the group: <unbound>"), Set.copyOf(seen));
            assertEquals(2, all.size());
            for (Task<?> t : all) {
                assertTrue(t.isDone(), t::toString);
            }
        });
    }

    @Test
    void the_owner_spawning_inside_a_binding_made_after_opening_still_spawns_outside_the_scope() {
        // StructuredTaskScope.fork refuses (StructureViolationException) when the owner's
        // bindings changed since the scope opened; weft's spawn does not fail for it: the child
        // runs as an ordinary task of the group, without the bindings.
        Tasks.run(Mode.PARALLEL, () -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            TaskGroupException e = assertThrows(TaskGroupException.class,
                    () -> TaskGroup.run(g -> {
                        kids.add(ScopedValue.where(USER, "late").call(() -> g.spawn("late", () -> {
                            seen.add("late child: " + user());
                            Weft.sleep(HOUR); // cancelled when its sibling fails
                        })));
                        kids.add(g.spawn("failing", () -> {
                            Tasks.awaitBlocked(kids.get(0));
                            throw new IllegalStateException("boom");
                        }));
                        return null;
                    }));
            assertEquals(List.of("late child: <unbound>"), seen);
            assertEquals("late", kids.get(0).name());
            assertTrue(kids.get(0).isCancelled());
            assertEquals("boom", e.exceptions().get(0).getMessage());
        });
    }

    @Test
    void cooperative_loops_keep_weft_s_own_group_and_say_so_in_the_dump() {
        for (Mode mode : new Mode[] {Mode.COOPERATIVE, Mode.VIRTUAL_TIME}) {
            try (Loop loop = mode.loop()) {
                List<String> seen = new ArrayList<>();
                loop.run(() -> ScopedValue.where(USER, "ada").call(() -> TaskGroup.run(g -> {
                    g.spawn(() -> seen.add("child: " + user()));
                    seen.add(loop.dump().lines().skip(1).findFirst().orElseThrow());
                    return null;
                })));
                assertEquals(List.of("TaskGroup: weft's own (cooperative loop)", "child: <unbound>"), seen, mode.name());
            }
        }
        try (Loop loop = Loop.parallel()) {
            String line = loop.run(() -> loop.dump().lines().skip(1).findFirst().orElseThrow());
            assertEquals("TaskGroup: the JDK's StructuredTaskScope (JEP 505) in parallel loops, weft's own in cooperative ones", line);
        }
    }

    @Test
    void explicit_groups_closed_out_of_order_throw_StructureViolationException_after_waiting_for_both() {
        // The documented difference: scopes nest. Closing the outer group first closes the inner
        // scope too, waiting for its threads (the owner is then in the JDK's wait, not a weft
        // one), and throws, as StructuredTaskScope.close() does.
        Tasks.run(Mode.PARALLEL, () -> {
            Task<?> me = Weft.currentTask();
            TaskGroup outer = TaskGroup.open();
            TaskGroup inner = TaskGroup.open();
            Task<Void> o = outer.spawn(() -> {
                Weft.sleep(Duration.ZERO);
            });
            Task<Void> i = inner.spawn(() -> {
                Weft.sleep(Duration.ofMillis(20)); // not cancelled by outer.close(): it is inner's
            });
            RuntimeException e = assertThrows(RuntimeException.class, outer::close);
            // (a preview class in JDK 25: named, not imported, so that this compiles without preview)
            assertEquals("java.util.concurrent.StructureViolationException", e.getClass().getName());
            assertTrue(o.isDone(), o::toString);
            assertTrue(i.isDone() && !i.isCancelled(), i::toString);
            inner.close(); // its scope is already closed: nothing left to do
            assertEquals(0, me.cancelling());
        });
    }
}

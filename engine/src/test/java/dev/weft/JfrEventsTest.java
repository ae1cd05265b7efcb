package dev.weft;

import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft's JFR events: a small program runs under a {@link Recording}, which is dumped to a file and
 * read back with {@link RecordingFile}; each event type is checked with its fields.
 */
@Timeout(120) // hang guard only
class JfrEventsTest {
    @TempDir
    Path dir;

    /** Runs {@code program} under a recording of every dev.weft event (Wait at {@code waitThreshold}). */
    private List<RecordedEvent> record(Duration waitThreshold, Body program) throws Exception {
        Path file = dir.resolve("weft-" + System.nanoTime() + ".jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.weft.TaskStart");
            r.enable("dev.weft.TaskEnd");
            r.enable("dev.weft.Wait").withThreshold(waitThreshold);
            r.enable("dev.weft.SlowTask");
            r.enable("dev.weft.Deadlock");
            r.start();
            program.run();
            r.stop();
            r.dump(file);
        }
        return RecordingFile.readAllEvents(file);
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String type, Predicate<RecordedEvent> where) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).filter(where).toList();
    }

    private static RecordedEvent one(List<RecordedEvent> events, String type, Predicate<RecordedEvent> where) {
        List<RecordedEvent> found = ofType(events, type, where);
        assertEquals(1, found.size(), () -> type + ": " + found);
        return found.get(0);
    }

    private static Predicate<RecordedEvent> task(String name) {
        return e -> name.equals(e.getString("task"));
    }

    @Test
    void taskStartAndEndCarryNameModeAndOutcome() throws Exception {
        List<RecordedEvent> events = record(Duration.ofHours(1), () -> {
            try (Loop loop = Loop.builder().virtualTime().build()) {
                loop.run(() -> {
                    Task<Integer> ok = Weft.spawn("jfr-ok", () -> 42);
                    Task<Void> failing = Weft.spawn("jfr-failing", () -> {
                        throw new IllegalStateException("boom");
                    });
                    Task<Void> cancelled = Weft.spawn("jfr-cancelled", () -> Weft.sleep(Duration.ofHours(1)));
                    Weft.sleep(Duration.ZERO);
                    cancelled.cancel();
                    Weft.gatherSettled(ok, failing, cancelled);
                });
            }
            Weft.run(() -> Weft.spawn("jfr-parallel", () -> 1).await());
        });

        RecordedEvent start = one(events, "dev.weft.TaskStart", task("jfr-ok"));
        assertEquals("cooperative, virtual time", start.getString("loopMode"));
        assertTrue(start.getLong("taskId") > 0);
        assertEquals("parallel", one(events, "dev.weft.TaskStart", task("jfr-parallel")).getString("loopMode"));

        RecordedEvent ok = one(events, "dev.weft.TaskEnd", task("jfr-ok"));
        assertEquals("success", ok.getString("outcome"));
        assertEquals(start.getLong("taskId"), ok.getLong("taskId"));
        assertNull(ok.getClass("exception"));
        assertTrue(!ok.getDuration().isNegative());

        RecordedEvent failed = one(events, "dev.weft.TaskEnd", task("jfr-failing"));
        assertEquals("failed", failed.getString("outcome"));
        assertEquals(IllegalStateException.class.getName(), failed.getClass("exception").getName());

        RecordedEvent cancelled = one(events, "dev.weft.TaskEnd", task("jfr-cancelled"));
        assertEquals("cancelled", cancelled.getString("outcome"));
        assertNull(cancelled.getClass("exception"));
        // The wait threshold was an hour: none of these short waits is recorded.
        assertEquals(List.of(), ofType(events, "dev.weft.Wait", e -> true));
    }

    /** The waits of the task named {@code name} (the field holds the task's toString). */
    private static Predicate<RecordedEvent> waitOf(String name) {
        return e -> e.getString("task") != null && e.getString("task").startsWith("Task[" + name + ",");
    }

    @Test
    void waitsAboveTheThresholdSayOnWhatAndHowTheyEnded() throws Exception {
        Event never = new Event();
        List<RecordedEvent> events = record(Duration.ZERO, () -> {
            try (Loop loop = Loop.builder().virtualTime().build()) {
                loop.run(() -> {
                    Event go = new Event();
                    Task<Boolean> signalled = Weft.spawn("jfr-signalled", go::await);
                    Task<Boolean> cancelled = Weft.spawn("jfr-waits-cancelled", never::await);
                    Weft.sleep(Duration.ZERO);
                    go.set();
                    cancelled.cancel();
                    Weft.gatherSettled(signalled, cancelled);
                    Task<Boolean> forever = Weft.spawn("jfr-never", never::await);
                    Weft.spawn("jfr-timed-out", () -> Weft.wait(List.of(forever), Duration.ofSeconds(5),
                            ReturnWhen.ALL_COMPLETED)).await();
                    forever.cancel();
                });
            }
        });

        RecordedEvent signalled = one(events, "dev.weft.Wait", waitOf("jfr-signalled"));
        assertEquals("signalled", signalled.getString("outcome"));
        assertEquals(Event.class.getName(), signalled.getClass("blockerClass").getName());
        assertNotNull(signalled.getStackTrace()); // where the task waited

        RecordedEvent cancelled = one(events, "dev.weft.Wait", waitOf("jfr-waits-cancelled"));
        assertEquals("cancelled", cancelled.getString("outcome"));
        assertTrue(cancelled.getString("blocker").startsWith("Event[unset"), cancelled.getString("blocker"));

        RecordedEvent timedOut = one(events, "dev.weft.Wait", waitOf("jfr-timed-out"));
        assertEquals("timed out", timedOut.getString("outcome"));
        assertTrue(timedOut.getString("blocker").contains("jfr-never"), timedOut.getString("blocker"));
    }

    @Test
    void aPlainThreadsWaitIsRecordedWithoutATask() throws Exception {
        Lock lock = new Lock();
        List<RecordedEvent> events = record(Duration.ZERO, () -> {
            try (Loop loop = Loop.parallel()) {
                loop.run(() -> {
                    lock.acquire();
                    Thread plain = Thread.ofPlatform().name("jfr-plain").start(() -> {
                        lock.acquire();
                        lock.release();
                    });
                    until(() -> lock.gate.waiters() != 0);
                    lock.release();
                    plain.join();
                });
            }
        });
        RecordedEvent plain = one(events, "dev.weft.Wait", e -> "jfr-plain".equals(e.getThread().getJavaName()));
        assertNull(plain.getString("task"));
        assertEquals("signalled", plain.getString("outcome"));
        assertEquals(Lock.class.getName(), plain.getClass("blockerClass").getName());
    }

    @Test
    void aDeadlockIsRecordedWithItsCycle() throws Exception {
        List<RecordedEvent> events = record(Duration.ofHours(1), () -> {
            try (Loop loop = Loop.cooperative()) {
                loop.run(() -> {
                    Lock a = new Lock();
                    Lock b = new Lock();
                    Event aTaken = new Event();
                    Task<Void> first = Weft.spawn("jfr-first", () -> {
                        try (Permit p = a.hold()) {
                            aTaken.set();
                            b.acquire(); // second holds b: waits
                            b.release();
                        }
                    });
                    try (Permit p = b.hold()) {
                        aTaken.await();
                        Tasks.awaitBlocked(first);
                        assertThrows(DeadlockException.class, a::acquire); // closes the cycle
                    }
                    first.await();
                });
            }
        });
        RecordedEvent d = one(events, "dev.weft.Deadlock", e -> true);
        assertTrue(d.getString("cycle").startsWith("deadlock: "), d.getString("cycle"));
        assertTrue(d.getString("cycle").contains("jfr-first"), d.getString("cycle"));
        assertNotNull(d.getString("lock"));
        assertNotNull(d.getStackTrace());
    }

    @Test
    void theDebugWatchdogRecordsASlowTask() throws Exception {
        // The slow task spins until a live stream has seen the event (so no guess at how long the
        // watchdog takes); the assertions read the dumped recording.
        CountDownLatch seen = new CountDownLatch(1);
        try (RecordingStream live = new RecordingStream()) {
            live.enable("dev.weft.SlowTask");
            live.onEvent("dev.weft.SlowTask", e -> seen.countDown());
            live.startAsync();
            List<RecordedEvent> events = record(Duration.ofHours(1), () -> {
                try (Loop loop = Loop.builder().cooperative().debug(true).slowTaskThreshold(Duration.ofMillis(20)).build()) {
                    loop.run(() -> {
                        Weft.spawn("jfr-hog", () -> {
                            while (!seen.await(1, TimeUnit.MILLISECONDS)) {
                                Thread.onSpinWait(); // holds the loop: no suspension point
                            }
                        }).await();
                    });
                }
            });
            RecordedEvent slow = ofType(events, "dev.weft.SlowTask", e -> e.getString("task").contains("jfr-hog")).get(0);
            assertEquals(Duration.ofMillis(20).toNanos(), slow.getLong("threshold"));
            assertTrue(slow.getLong("heldFor") > slow.getLong("threshold"));
            assertTrue(slow.getString("stack").contains("JfrEventsTest"), slow.getString("stack"));
        }
    }

    /**
     * The kill switch, read once per JVM, so each setting gets a child JVM running {@link
     * JfrSwitchProbe}: with {@code -Dweft.jfr=false} its recording has no dev.weft event at all;
     * the same program without the switch records its tasks and waits (so the check can fail).
     */
    @Test
    void theKillSwitchLeavesEveryEventOut() throws Exception {
        assertEquals(List.of(), weftEventTypes(probe("-Dweft.jfr=false")));
        assertEquals(List.of("dev.weft.TaskEnd", "dev.weft.TaskStart", "dev.weft.Wait"), weftEventTypes(probe()));
    }

    /** Runs {@link JfrSwitchProbe} in a child JVM with {@code options}; its recording's events. */
    private List<RecordedEvent> probe(String... options) throws Exception {
        Path file = dir.resolve("probe-" + System.nanoTime() + ".jfr");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JfrSwitchProbe.class.getName(), file.toString()));
        Path log = dir.resolve("probe-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) { // hang guard only
            p.destroyForcibly();
            throw new AssertionError("the probe did not end within 60 s: " + cmd + "\n" + readQuietly(log));
        }
        assertEquals(0, p.exitValue(), () -> cmd + "\n" + readQuietly(log));
        return RecordingFile.readAllEvents(file);
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The distinct dev.weft event types among {@code events}, sorted. */
    private static List<String> weftEventTypes(List<RecordedEvent> events) {
        return events.stream().map(e -> e.getEventType().getName()).filter(n -> n.startsWith("dev.weft."))
                .distinct().sorted().toList();
    }
}

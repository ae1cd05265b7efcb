package dev.weft.bench;

import dev.weft.Loop;
import dev.weft.Weft;
import dev.weft.internal.jfr.Jfr;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11's figure: weft's JFR events cost nothing while no recording is on. Two of weft's
 * busiest paths, each in three forks that differ only in their JVM options:
 *
 * <ul>
 *   <li>{@code ...WithoutEvents}: {@code -Dweft.jfr=false}, the engine's kill switch: its JFR gate
 *       is a constant false, so the JIT removes every event call site, as if weft had no events;
 *   <li>{@code ...JfrOff}: the default, the events compiled in and no recording (each call site
 *       reads one volatile, {@code FlightRecorder.isInitialized()});
 *   <li>{@code ...Recording}: a recording from the JVM's start ({@link #RECORDING}): JFR's default
 *       settings, and weft's TaskStart, TaskEnd and Wait events enabled (Wait at its default 20 ms
 *       threshold, so the microsecond waits of ping-pong are timed but not written).
 * </ul>
 *
 * The paths are workload 1's weft row (spawn {@link #TASKS} trivial tasks in a parallel loop and
 * await each: {@link Drive#spawnAndAwait}) and workload 3's ({@code Queue(1)} ping-pong in a
 * parallel loop: {@link PingPongBenchmark#weftRounds}); the score is per task and per round trip.
 * Each fork checks at setup that it is what its name says, and fails otherwise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JfrBenchmark {
    /** Tasks per spawn+join invocation: SpawnBenchmark's smaller N. */
    public static final int TASKS = 1000;
    /** The fork option of the {@code ...WithoutEvents} methods. */
    public static final String WITHOUT_EVENTS = "-D" + Jfr.PROPERTY + "=false";
    /**
     * The fork option of the {@code ...Recording} methods: no file is written (the recording's
     * data goes to JFR's disk repository in the temporary directory, removed when the JVM exits).
     */
    public static final String RECORDING = "-XX:StartFlightRecording:settings=default,"
            + "+dev.weft.TaskStart#enabled=true,+dev.weft.TaskEnd#enabled=true,+dev.weft.Wait#enabled=true";

    /** Fails the fork unless the kill switch is on: weft without its events. */
    @State(Scope.Benchmark)
    public static class WithoutEvents {
        @Setup(Level.Trial)
        public void check() {
            if (Jfr.ENABLED) {
                throw new IllegalStateException("this fork should run with " + WITHOUT_EVENTS + ", but weft's events are in");
            }
        }
    }

    /** Fails the fork unless weft's events are in and Flight Recorder was never started. */
    @State(Scope.Benchmark)
    public static class JfrOff {
        @Setup(Level.Trial)
        public void check() {
            if (!Jfr.ENABLED || FlightRecorder.isInitialized()) {
                throw new IllegalStateException("this fork should have weft's events in and JFR off, but events in = "
                        + Jfr.ENABLED + " and Flight Recorder initialized = " + FlightRecorder.isInitialized()
                        + " (-prof jfr starts a recording: leave it out for these rows)");
            }
        }
    }

    /**
     * Fails the fork unless a recording is running and takes weft's events: a task run here must
     * show up as a {@code dev.weft.TaskStart} in a dump of that recording.
     */
    @State(Scope.Benchmark)
    public static class Recorded {
        @Setup(Level.Trial)
        public void check() throws Exception {
            List<Recording> running = FlightRecorder.isInitialized()
                    ? FlightRecorder.getFlightRecorder().getRecordings().stream()
                            .filter(r -> r.getState() == RecordingState.RUNNING).toList()
                    : List.of();
            if (!Jfr.on() || running.isEmpty()) {
                throw new IllegalStateException("this fork should run under a recording (" + RECORDING
                        + "), but weft's JFR gate is " + Jfr.on() + " and " + running.size() + " recording(s) run");
            }
            String probe = "jfr-benchmark-probe";
            try (Loop loop = Loop.parallel()) {
                loop.run(() -> Weft.spawn(probe, () -> {}).await());
            }
            Path dump = Files.createTempFile("weft-jfr-benchmark", ".jfr");
            try {
                running.get(0).dump(dump);
                boolean seen = RecordingFile.readAllEvents(dump).stream().anyMatch(e ->
                        e.getEventType().getName().equals("dev.weft.TaskStart") && probe.equals(e.getString("task")));
                if (!seen) {
                    throw new IllegalStateException("the recording " + running.get(0).getName()
                            + " took no dev.weft.TaskStart of task " + probe + ": weft's events are not recorded");
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        }
    }

    // ---- spawn+join: TASKS trivial tasks, spawned then awaited, in a parallel loop -----------

    @Benchmark
    @OperationsPerInvocation(TASKS)
    @Fork(value = 3, jvmArgsAppend = WITHOUT_EVENTS)
    public void spawnWithoutEvents(Loops loops, WithoutEvents checked) {
        loops.parallel.run(() -> Drive.spawnAndAwait(TASKS));
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void spawnJfrOff(Loops loops, JfrOff checked) {
        loops.parallel.run(() -> Drive.spawnAndAwait(TASKS));
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    @Fork(value = 3, jvmArgsAppend = RECORDING)
    public void spawnRecording(Loops loops, Recorded checked) {
        loops.parallel.run(() -> Drive.spawnAndAwait(TASKS));
    }

    // ---- ping-pong: Queue(1) round trips between two tasks of a parallel loop ----------------

    @Benchmark
    @OperationsPerInvocation(PingPongBenchmark.ROUNDS)
    @Fork(value = 3, jvmArgsAppend = WITHOUT_EVENTS)
    public void pingPongWithoutEvents(Loops loops, WithoutEvents checked) {
        loops.parallel.run(PingPongBenchmark::weftRounds);
    }

    @Benchmark
    @OperationsPerInvocation(PingPongBenchmark.ROUNDS)
    public void pingPongJfrOff(Loops loops, JfrOff checked) {
        loops.parallel.run(PingPongBenchmark::weftRounds);
    }

    @Benchmark
    @OperationsPerInvocation(PingPongBenchmark.ROUNDS)
    @Fork(value = 3, jvmArgsAppend = RECORDING)
    public void pingPongRecording(Loops loops, Recorded checked) {
        loops.parallel.run(PingPongBenchmark::weftRounds);
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * SPEC 4.6: {@code Weft.run} turns SIGINT and SIGTERM into a cancellation of the root task, whose
 * {@code finally} blocks and task groups unwind, then the process exits with 130 / 143; after the
 * grace period ({@code -Dweft.shutdownGrace}) it exits anyway. Each test runs {@link SignalProbe}
 * in a child JVM and signals it with {@code kill}.
 *
 * <p>A JVM whose SIGINT disposition is "ignore" when it starts installs no handler for it, so a
 * SIGINT does nothing at all. That is the case for every process started from a non-interactive
 * shell's background job ({@code sh -c 'cmd & wait'} sets SIGINT and SIGQUIT to SIG_IGN for
 * {@code cmd}), and the disposition is inherited through Maven, surefire's fork and {@link
 * ProcessBuilder}. So the probe is started through a launcher that resets SIGINT and SIGTERM to
 * their defaults before exec'ing java: {@code env --default-signal} (GNU coreutils 8.31+), else
 * perl. Both exec, so the pid is the JVM's.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SignalTest {
    /** Hang guards, not timing assertions: how long a step may take before the test gives up. */
    private static final long START_GUARD_SECONDS = 60, EXIT_GUARD_SECONDS = 60;

    private static final String PERL_RESET = "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"";

    /** The launcher prefix that resets SIGINT and SIGTERM to their defaults, found once. */
    private static volatile List<String> launcher;

    @Test
    void sigint_cancels_main_unwinds_its_task_group_and_exits_with_130() throws Exception {
        Run run = runProbe("INT", List.of(), null);
        assertEquals(130, run.exitCode, run.describe());
        assertCleanedUpInOrder(run);
    }

    @Test
    void sigterm_cancels_main_unwinds_its_task_group_and_exits_with_143() throws Exception {
        Run run = runProbe("TERM", List.of(), null);
        assertEquals(143, run.exitCode, run.describe());
        assertCleanedUpInOrder(run);
    }

    @Test
    void a_main_that_will_not_finish_unwinding_is_ended_after_the_grace_period() throws Exception {
        // Main's finally waits an hour in a shielded task: only the grace period ends the process,
        // still with SIGINT's status. (No assertion on how long it took.)
        Run run = runProbe("INT", List.of("-Dweft.shutdownGrace=1s"), "stubborn");
        assertEquals(130, run.exitCode, run.describe());
        assertCleanedUpInOrder(run);
        assertTrue(run.lines.contains("stubborn: waiting an hour, shielded"), run.describe());
        assertFalse(run.lines.contains("stubborn: done waiting"), run.describe());
    }

    // weft: Weft.run handles signals, not JVM exit. A task calling System.exit must not make the
    // JVM wait for main to unwind (it cannot: the exiting task is stuck in System.exit). With a
    // one-hour grace period the old shutdown-hook design hung here until the exit guard.
    @Test
    void system_exit_from_a_task_exits_at_once_with_its_own_status() throws Exception {
        Run run = runProbe(null, List.of("-Dweft.shutdownGrace=1h"), "exit", null);
        assertEquals(3, run.exitCode(), run.describe());
    }

    // asyncio.Runner: a second Ctrl-C while main is still unwinding stops the program at once.
    @Test
    void a_second_sigint_while_main_unwinds_ends_the_process_at_once() throws Exception {
        Run run = runProbe("INT", List.of("-Dweft.shutdownGrace=1h"), "stubborn", "stubborn: waiting an hour, shielded");
        assertEquals(130, run.exitCode(), run.describe());
        assertTrue(run.lines().contains("main cleanup"), run.describe());
        assertFalse(run.lines().contains("stubborn: done waiting"), run.describe());
    }

    private static void assertCleanedUpInOrder(Run run) {
        List<String> cleanups = new ArrayList<>();
        for (String l : run.lines) {
            if (l.endsWith(" cleanup")) {
                cleanups.add(l);
            }
        }
        assertEquals(List.of("child cleanup", "main cleanup"), cleanups, run.describe());
        assertFalse(run.lines.contains("Weft.run returned"), run.describe());
    }

    // ---- running the probe ------------------------------------------------------------------

    private record Run(int exitCode, List<String> lines, List<String> command) {
        String describe() {
            return "command " + command + "\noutput:\n  " + String.join("\n  ", lines);
        }
    }

    private static Run runProbe(String signal, List<String> jvmOptions, String mode) throws Exception {
        return runProbe(signal, jvmOptions, mode, null);
    }

    /**
     * Runs the probe; after "started" sends {@code signal} (none if null), and sends it again
     * once the probe prints {@code againAfter} (if not null).
     */
    private static Run runProbe(String signal, List<String> jvmOptions, String mode, String againAfter) throws Exception {
        List<String> cmd = new ArrayList<>(launcher());
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SignalProbe.class.getName());
        if (mode != null) {
            cmd.add(mode);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("probe-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    fresh.add(l);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_GUARD_SECONDS);
            for (;;) {
                String l = fresh.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    fail("the probe did not print 'started' within " + START_GUARD_SECONDS + " s (alive="
                            + p.isAlive() + ")\n" + new Run(-1, lines, cmd).describe());
                }
                if (signal != null && l.startsWith("probe: SigIgn=") && ignores(l.substring("probe: SigIgn=".length()), signal)) {
                    Assumptions.abort("SIG" + signal + " is ignored in the probe JVM (" + l + ") and no launcher could "
                            + "reset it (tried env --default-signal and perl): the JVM installs no handler for it");
                }
                if (l.equals("started")) {
                    break;
                }
            }
            if (signal != null) {
                send(signal, p);
            }
            if (againAfter != null) {
                for (String l; !againAfter.equals(l = fresh.poll(START_GUARD_SECONDS, TimeUnit.SECONDS)); ) {
                    if (l == null) {
                        fail("the probe did not print '" + againAfter + "'\n" + new Run(-1, lines, cmd).describe());
                    }
                }
                send(signal, p);
            }
            if (!p.waitFor(EXIT_GUARD_SECONDS, TimeUnit.SECONDS)) {
                fail("the probe did not exit within " + EXIT_GUARD_SECONDS + " s of SIG" + signal + "\n"
                        + new Run(-1, lines, cmd).describe());
            }
            reader.join(TimeUnit.SECONDS.toMillis(EXIT_GUARD_SECONDS));
            return new Run(p.exitValue(), List.copyOf(lines), cmd);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static void send(String signal, Process p) throws Exception {
        int killed = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start().waitFor();
        assertEquals(0, killed, "kill -" + signal + " " + p.pid());
    }

    /** Whether the SigIgn mask (hex, from /proc/self/status) has the given signal's bit. */
    private static boolean ignores(String mask, String signal) {
        if (mask.equals("?")) {
            return false; // not Linux: cannot tell
        }
        int number = signal.equals("INT") ? 2 : 15;
        return new java.math.BigInteger(mask, 16).testBit(number - 1);
    }

    /** {@code env --default-signal=INT,TERM}, else perl, else nothing (exec java directly). */
    private static List<String> launcher() {
        List<String> l = launcher;
        if (l == null) {
            if (works("env", "--default-signal=INT,TERM", "true")) {
                l = List.of("env", "--default-signal=INT,TERM");
            } else if (works("perl", "-e", PERL_RESET, "true")) {
                l = List.of("perl", "-e", PERL_RESET);
            } else {
                l = List.of();
            }
            launcher = l;
        }
        return l;
    }

    private static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.weft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Not a test: the program {@link SignalTest} runs in a child JVM and then signals (SPEC 4.6).
 *
 * <p>{@code Weft.run} with a main that opens a {@link TaskGroup} with one sleeping child, prints
 * {@code started} once the child is parked, and sleeps an hour; {@code finally} blocks print
 * {@code child cleanup} and {@code main cleanup}. With the argument {@code stubborn}, main's
 * {@code finally} then waits an hour in a {@link Weft#shield shielded} task, so only the
 * shutdown grace period (or a second signal) ends the process. With {@code exit}, a task calls
 * {@code System.exit(3)} after {@code started}, which must not wait for any grace period.
 */
public final class SignalProbe {
    private SignalProbe() {
    }

    public static void main(String[] args) {
        boolean stubborn = args.length > 0 && args[0].equals("stubborn");
        boolean exits = args.length > 0 && args[0].equals("exit");
        say("probe: SigIgn=" + ignoredSignals());
        Weft.run(() -> {
            try {
                TaskGroup.run(g -> {
                    Task<Void> child = g.spawn("child", () -> {
                        try {
                            Weft.sleep(Duration.ofHours(1));
                        } finally {
                            say("child cleanup");
                        }
                    });
                    Tasks.awaitBlocked(child); // so that the child's finally block is sure to run
                    say("started");
                    if (exits) {
                        g.spawn("exiter", () -> System.exit(3)); // the program's own exit, no signal
                    }
                    Weft.sleep(Duration.ofHours(1));
                    return null;
                });
            } finally {
                say("main cleanup");
                if (stubborn) {
                    say("stubborn: waiting an hour, shielded");
                    Weft.shield(Weft.spawn("stubborn", () -> Weft.sleep(Duration.ofHours(1))));
                    say("stubborn: done waiting"); // never printed: the grace period ends the JVM
                }
            }
        });
        say("Weft.run returned"); // never printed: a signal is the only way out
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The ignored-signals mask of this process (Linux), for the test's failure messages. */
    private static String ignoredSignals() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("SigIgn:")) {
                    return l.substring("SigIgn:".length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }
}

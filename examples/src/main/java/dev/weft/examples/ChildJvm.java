package dev.weft.examples;

import dev.weft.Weft;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Starts a class of this module in a child JVM (the same {@code java}), with SIGINT and SIGTERM
 * reset to their defaults.
 *
 * <p>A JVM whose SIGINT disposition is "ignore" at start installs no handler for it, so SIGINT
 * would do nothing; that is the case for every process started from a non-interactive shell's
 * background job, and it is inherited through Maven and {@link ProcessBuilder}. So the child is
 * started through {@code env --default-signal=INT,TERM} (GNU coreutils 8.31+), else perl, which
 * both exec, so the pid is the JVM's. (The engine's {@code SignalTest} has the same launcher; it
 * lives in the engine's tests, which this module cannot depend on.) The class path is built from
 * where the classes were loaded from, not from {@code java.class.path}, so it holds whatever JVM
 * runs the parent: the tour, an IDE, or surefire.
 */
final class ChildJvm {
    private static final String PERL_RESET = "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"";

    private ChildJvm() {
    }

    static Process start(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(launcher());
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(classPath(main));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Sends {@code SIG<signal>} to the process with {@code kill}; true if kill succeeded. */
    static boolean signal(Process p, String signal) throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start().waitFor() == 0;
    }

    private static String classPath(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {main, Weft.class, LoggerFactory.class}) {
            entries.add(location(c));
        }
        try {
            entries.add(location(Class.forName("org.slf4j.simple.SimpleLogger")));
        } catch (ClassNotFoundException e) {
            // no slf4j provider: the child logs nothing, as the parent
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static volatile List<String> launcher;

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

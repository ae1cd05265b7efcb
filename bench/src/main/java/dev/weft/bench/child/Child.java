package dev.weft.bench.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The other end of the process baselines: a child JVM that answers each byte on stdin with one
 * byte on stdout, until stdin closes.
 *
 * <ul>
 * <li>{@code echo}: answers at once (workload 3, ping-pong between two processes over pipes);
 * <li>{@code sleep}: sleeps 10 ms, then answers (workload 2, a pool of worker processes doing
 *     "I/O" one request at a time).
 * </ul>
 */
public final class Child {
    private Child() {}

    /** The sleep a {@code sleep} worker does per request, as in the I/O fan-out workload. */
    public static final long SLEEP_MILLIS = 10;

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean sleep = args.length == 1 && args[0].equals("sleep");
        if (!sleep && !(args.length == 1 && args[0].equals("echo"))) {
            System.err.println("usage: Child echo|sleep");
            System.exit(2);
        }
        InputStream in = System.in;
        OutputStream out = System.out;
        int b;
        while ((b = in.read()) >= 0) {
            if (sleep) {
                Thread.sleep(SLEEP_MILLIS);
            }
            out.write(b);
            out.flush();
        }
    }

    /** Starts {@code Child mode} in a new JVM: the running JVM's java, on the running class path. */
    public static Process start(String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Sends one byte to a started child and waits for its answer. */
    public static void roundTrip(Process child) throws IOException {
        OutputStream out = child.getOutputStream();
        out.write(1);
        out.flush();
        if (child.getInputStream().read() < 0) {
            throw new IOException("child " + child.pid() + " closed its stdout");
        }
    }

    /** Closes a child's stdin and waits for it to end. */
    public static void stop(Process child) throws IOException, InterruptedException {
        child.getOutputStream().close();
        if (child.waitFor() != 0) {
            throw new IOException("child " + child.pid() + " exited with " + child.exitValue());
        }
    }
}

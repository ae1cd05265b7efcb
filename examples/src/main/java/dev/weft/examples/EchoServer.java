package dev.weft.examples;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.weft.Event;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic 13, what is underneath (the guide's question 12: "the event loop multiplexes I/O with
 * select/epoll"). An echo server on plain blocking {@code java.net} sockets, each connection a
 * task of a {@link TaskGroup}, and in the same program 1,000 clients on loopback, all connected
 * at the same moment. No selector in sight: each task does blocking reads and writes, and a
 * blocked virtual thread parks while the JDK's poller (epoll on Linux) watches its socket. At the
 * moment every client is connected, the program counts the platform threads: a handful, against
 * 2,000 open sockets.
 *
 * <p>Each client holds its connection until all are connected, which needs two file descriptors
 * per client in this one process: if the process's limit ({@code ulimit -n}) is too low for
 * 1,000, the example says so and uses fewer.
 */
public final class EchoServer {
    static final int CLIENTS = 1000;

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        run(Console.out());
    }

    static void run(PrintStream out) throws Exception {
        int clients = clientsAllowed(out);
        AtomicInteger served = new AtomicInteger(), echoed = new AtomicInteger(), connected = new AtomicInteger();
        Event allConnected = new Event(), release = new Event();
        Weft.run(() -> {
            try (ServerSocket server = new ServerSocket(0, clients + 100, InetAddress.getLoopbackAddress())) {
                TaskGroup.run(connections -> {
                    connections.spawn("acceptor", () -> {
                        try {
                            for (;;) {
                                Socket s = server.accept(); // parks this task until a client connects
                                served.incrementAndGet();
                                connections.spawn(() -> echo(s)); // one task per connection, in the group
                            }
                        } catch (SocketException closed) {
                            // the server socket was closed: stop accepting
                        }
                    });
                    TaskGroup.run(load -> {
                        for (int i = 0; i < clients; i++) {
                            int n = i;
                            load.spawn(() -> client(server.getLocalPort(), n, clients, echoed, connected, allConnected, release));
                        }
                        allConnected.await();
                        List<String> platform = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
                        out.println(clients + " clients connected at once, echoed: " + echoed.get() + "/" + clients);
                        out.println("platform threads in this JVM meanwhile: " + platform.size() + " (tasks are virtual threads)");
                        out.println("the JDK's I/O pollers among them: " + platform.stream().filter(n -> n.contains("Poller")).toList());
                        release.set();
                        return null;
                    });
                    server.close(); // ends the acceptor; each echo task ends when its client hangs up
                    return null;
                });
            }
        });
        out.println("connections served: " + served.get());
    }

    private static void echo(Socket s) throws IOException {
        try (s; BufferedReader in = reader(s); Writer w = writer(s)) {
            for (String line; (line = in.readLine()) != null; ) {
                w.write(line + "\n");
                w.flush();
            }
        }
    }

    private static void client(int port, int n, int clients, AtomicInteger echoed, AtomicInteger connected,
            Event allConnected, Event release) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); BufferedReader in = reader(s); Writer w = writer(s)) {
            w.write("hello " + n + "\n");
            w.flush();
            if (("hello " + n).equals(in.readLine())) {
                echoed.incrementAndGet();
            }
            if (connected.incrementAndGet() == clients) {
                allConnected.set();
            }
            release.await(); // hold the connection until every client is connected
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static Writer writer(Socket s) throws IOException {
        return new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** 1,000, or fewer if the file-descriptor limit would not allow two per client plus a margin. */
    static int clientsAllowed(PrintStream out) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 100;
            if (free < 2L * CLIENTS) {
                int n = (int) Math.max(10, free / 2);
                out.println("file descriptor limit " + os.getMaxFileDescriptorCount() + " (ulimit -n) is too low for "
                        + CLIENTS + " connections in one process: using " + n);
                return n;
            }
        }
        return CLIENTS;
    }
}

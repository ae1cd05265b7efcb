package dev.weft;

import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;

/**
 * Not a test: the program {@link JfrEventsTest} runs in a child JVM to check the kill switch
 * {@code -Dweft.jfr=false}, which is read once per JVM. Under a recording of every {@code
 * dev.weft} event (waits at a zero threshold), a parallel loop runs a task that sleeps while the
 * main task awaits it; the recording is dumped to the file named by the argument.
 */
public final class JfrSwitchProbe {
    private JfrSwitchProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Recording r = new Recording()) {
            r.enable("dev.weft.TaskStart");
            r.enable("dev.weft.TaskEnd");
            r.enable("dev.weft.Wait").withThreshold(Duration.ZERO);
            r.start();
            Weft.run(() -> Weft.spawn("jfr-switch", () -> Weft.sleep(Duration.ofMillis(1))).await());
            r.stop();
            r.dump(Path.of(args[0]));
        }
    }
}

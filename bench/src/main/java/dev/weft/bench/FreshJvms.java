package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape the non-JMH harnesses share ({@code MemoryHarness}, {@code CarrierHops}): {@code run
 * [--repeats R] [--scale F] [--out FILE]} measures each kind in a fresh JVM per repeat, by starting
 * the harness's own {@code main} as {@code measure KIND N} and collecting what each child prints
 * (one or more JSON objects) into one JSON array.
 */
public final class FreshJvms {
    private FreshJvms() {}

    /** The options of {@code run}; null when they are not understood. */
    public record Options(int repeats, double scale, Path out) {
        public static Options parse(String[] args) {
            int repeats = 3;
            double scale = 1.0;
            Path out = null;
            if (args.length % 2 == 0) {
                return null; // "run" and option/value pairs
            }
            for (int i = 1; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                    case "--scale" -> scale = Double.parseDouble(args[i + 1]);
                    case "--out" -> out = Path.of(args[i + 1]);
                    default -> {
                        return null;
                    }
                }
            }
            return new Options(repeats, scale, out);
        }

        /** Writes {@code json} to {@link #out}, or prints it when there is none. */
        public void write(String json) throws IOException {
            if (out == null) {
                System.out.println(json);
            } else {
                Files.writeString(out, json);
            }
        }
    }

    /** One child JVM: its JVM options and the {@code measure} arguments after the word. */
    public record Child(String kind, List<String> jvmOptions, List<String> measureArgs) {}

    /** Runs each child in turn in a fresh JVM of {@code main}; a JSON array of what they printed. */
    public static String run(Class<?> main, String what, List<List<Child>> rounds)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> printed = new ArrayList<>();
        for (int r = 0; r < rounds.size(); r++) {
            for (Child c : rounds.get(r)) {
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(c.jvmOptions());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), "measure"));
                command.addAll(c.measureArgs());
                Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String out = new String(child.getInputStream().readAllBytes()).strip();
                if (child.waitFor() != 0 || !out.startsWith("{")) {
                    throw new IOException(what + " child for " + c.kind() + " failed: exit " + child.exitValue() + ", " + out);
                }
                System.err.println(what + " " + c.kind() + " #" + (r + 1) + ": " + out);
                printed.add(out);
            }
        }
        return "[\n" + String.join(",\n", printed) + "\n]\n";
    }
}

package dev.weft.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs an example into memory and returns its lines; finds lines for the assertions. */
final class Output {
    private Output() {
    }

    static List<String> of(Tour.Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The first line that matches {@code regex} entirely, as a matcher (for its groups). */
    static Matcher line(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                return m;
            }
        }
        throw new AssertionError("no line matches /" + regex + "/ in:\n" + String.join("\n", lines));
    }

    /** The lines in {@code lines} that are in {@code wanted}, in the order they came. */
    static List<String> only(List<String> lines, List<String> wanted) {
        return lines.stream().filter(wanted::contains).toList();
    }
}

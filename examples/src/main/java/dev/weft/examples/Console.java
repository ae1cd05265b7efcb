package dev.weft.examples;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output as UTF-8, whatever the platform's default: several examples print the guide's
 * Chinese lines, which a {@code LANG=C} shell's default encoding would turn into question marks.
 */
final class Console {
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private Console() {
    }

    static PrintStream out() {
        return OUT;
    }
}

package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine the report runs on (the same that ran the benchmarks: the report step runs right after). */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = first("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
        String memory = first("/proc/meminfo", "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0))
                .orElse("?");
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available, " + memory + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static java.util.Optional<String> first(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}

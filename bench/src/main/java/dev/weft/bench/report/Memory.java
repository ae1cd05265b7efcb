package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One repeat of workload 8: bytes per parked unit of one kind, from the memory harness or the
 * asyncio script; for virtual threads and weft's tasks also the words of their frozen stacks
 * (mean, least and most over the units; NaN where the harness could not read them), and the mean
 * of each warm-up cycle before the measured one (empty where not read).
 */
record Memory(String kind, int count, double heap, double rss, double stackWords, double stackMin, double stackMax,
        List<Double> warmUpWords) {
    /** The bytes of one word of a frozen stack. */
    static final int WORD = 8;

    /**
     * The heap per unit less its frozen frames ({@code stackWords} words): the unit's objects and
     * its stack chunk's header, what the engine's code decides whatever the JIT inlined; NaN
     * where the stack was not read.
     */
    double heapLessFrames() {
        return heap - WORD * stackWords;
    }

    @SuppressWarnings("unchecked")
    static List<Memory> read(String json) {
        return ((List<Object>) Json.parse(json)).stream().map(o -> {
            Map<String, Object> m = (Map<String, Object>) o;
            return new Memory((String) m.get("kind"), (int) Json.number(m.get("count")),
                    Json.number(m.get("heapBytesPerUnit")), Json.number(m.get("rssBytesPerUnit")),
                    Json.number(m.get("stackWordsMean")), Json.number(m.get("stackWordsMin")),
                    Json.number(m.get("stackWordsMax")),
                    m.get("warmUpStackWords") instanceof List<?> w ? w.stream().map(Json::number).toList() : List.of());
        }).toList();
    }

    /**
     * The repeats of one kind: means and 99.9% confidence half-widths (Student's t), as JMH
     * reports, and each repeat's frozen stacks ({@code "mean (least-most)"} words, then {@code
     * "after a/b/c"}, the warm-up cycles' means, where the harness read them), or empty.
     */
    record Summary(String kind, int count, double heap, double heapError, double rss, double rssError, int repeats,
            List<String> stacks, double lessFrames, double lessFramesError) {}

    static List<Summary> summarise(List<Memory> all) {
        Map<String, List<Memory>> byKind = new LinkedHashMap<>();
        for (Memory m : all) {
            byKind.computeIfAbsent(m.kind, k -> new ArrayList<>()).add(m);
        }
        List<Summary> out = new ArrayList<>();
        byKind.forEach((kind, repeats) -> {
            List<Memory> read = repeats.stream().filter(m -> !Double.isNaN(m.stackWords)).toList();
            out.add(new Summary(kind, repeats.get(0).count,
                    mean(repeats, Memory::heap), error(repeats, Memory::heap),
                    mean(repeats, Memory::rss), error(repeats, Memory::rss), repeats.size(),
                    read.stream()
                            .map(Memory::describeStack)
                            .toList(),
                    mean(read, Memory::heapLessFrames), error(read, Memory::heapLessFrames)));
        });
        return out;
    }

    private String describeStack() {
        String words = String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", stackWords, stackMin, stackMax);
        if (warmUpWords.isEmpty()) {
            return words;
        }
        List<String> each = warmUpWords.stream().map(w -> String.format(Locale.ROOT, "%.0f", w)).toList();
        return words + " after " + String.join("/", each);
    }

    private static double mean(List<Memory> repeats, ToDoubleFunction<Memory> value) {
        return repeats.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static double error(List<Memory> repeats, ToDoubleFunction<Memory> value) {
        int n = repeats.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(repeats, value);
        double squares = repeats.stream().mapToDouble(m -> Math.pow(value.applyAsDouble(m) - mean, 2)).sum();
        return t999(n - 1) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }

    /** Student's t, two-sided 99.9%, for {@code df} degrees of freedom. */
    private static double t999(int df) {
        double[] table = {636.62, 31.60, 12.92, 8.61, 6.87, 5.96, 5.41, 5.04, 4.78, 4.59, 4.44, 4.32, 4.22, 4.14,
            4.07, 4.01, 3.97, 3.92, 3.88, 3.85, 3.82, 3.79, 3.77, 3.75, 3.73, 3.71, 3.69, 3.67, 3.66, 3.65};
        return df <= table.length ? table[df - 1] : 3.29;
    }
}

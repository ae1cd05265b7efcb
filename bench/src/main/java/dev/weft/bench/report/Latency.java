package dev.weft.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One probe of the machine's core-to-core round trip ({@code dev.weft.bench.hops.CoreLatency}),
 * taken before a workload of the run: the median of its samples, and the least and most.
 */
record Latency(String label, double roundTrip, double least, double most) {

    @SuppressWarnings("unchecked")
    static List<Latency> read(String json) {
        return ((List<Object>) Json.parse(json)).stream().map(o -> {
            Map<String, Object> m = (Map<String, Object>) o;
            return new Latency((String) m.get("label"), Json.number(m.get("roundTripNs")),
                    Json.number(m.get("leastNs")), Json.number(m.get("mostNs")));
        }).toList();
    }

    /** "before Spawn 412 ns; before FanOut 61 ns (58-70); ...": the spread shown only where it is wide. */
    static String describe(List<Latency> probes) {
        return probes.stream().map(p -> {
            String s = String.format(Locale.ROOT, "%s %.0f ns", p.label, p.roundTrip);
            return p.most > 1.5 * p.least ? s + String.format(Locale.ROOT, " (%.0f-%.0f)", p.least, p.most) : s;
        }).collect(Collectors.joining("; "));
    }
}

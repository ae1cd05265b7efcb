package dev.weft.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured row: a workload (the benchmark class without {@code Benchmark}), the implementation
 * (the method), its parameters, and JMH's score and error in JMH's unit; {@code alloc} is bytes
 * allocated per operation from {@code -prof gc} ({@code NaN} without it).
 */
record Result(String workload, String impl, Map<String, String> params, double score, double error,
              String unit, double alloc, Map<String, Object> raw) {

    /** Reads JMH's JSON (or the asyncio script's JMH-shaped JSON). */
    @SuppressWarnings("unchecked")
    static List<Result> fromJmh(String json) {
        return ((List<Object>) Json.parse(json)).stream().map(o -> {
            Map<String, Object> b = (Map<String, Object>) o;
            String[] name = ((String) b.get("benchmark")).split("\\.");
            String workload = name[name.length - 2].replaceFirst("Benchmark$", "");
            Map<String, String> params = new LinkedHashMap<>();
            if (b.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put((String) k, (String) v));
            }
            Map<String, Object> primary = (Map<String, Object>) b.get("primaryMetric");
            double alloc = Double.NaN;
            if (b.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                for (Map.Entry<?, ?> e : secondary.entrySet()) {
                    if (((String) e.getKey()).endsWith("gc.alloc.rate.norm")) {
                        alloc = Json.number(((Map<String, Object>) e.getValue()).get("score"));
                    }
                }
            }
            return new Result(workload, name[name.length - 1], params, Json.number(primary.get("score")),
                    Json.number(primary.get("scoreError")), (String) primary.get("scoreUnit"), alloc, b);
        }).toList();
    }

    /** The score in nanoseconds per JMH operation. */
    double nanos() {
        return score * nanosPer(unit);
    }

    double errorNanos() {
        return error * nanosPer(unit);
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException("unit " + unit + ": the report reads AverageTime results only");
        };
    }

    /** The parameters as the report prints them: {@code n=1000, pairs=4}, or empty. */
    String paramText() {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return out.toString();
    }
}

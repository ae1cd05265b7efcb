package dev.weft.bench.report;

import org.openjdk.jmh.util.ListStatistics;

import java.util.ArrayList;
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

    /**
     * Results of one benchmark at one set of parameters measured in several JMH runs (the rounds of
     * {@code bench/report}, one fork each) become one: its score and error are JMH's own statistics
     * (mean, 99.9% confidence half-width) over every measured iteration of every run, as if the runs
     * had been the forks of one; the allocation is the mean of the runs'; {@code forks} in the raw
     * map counts them all. Results met once are kept as they are, in first-met order.
     */
    @SuppressWarnings("unchecked")
    static List<Result> mergeRuns(List<Result> results) {
        Map<String, List<Result>> byKey = new LinkedHashMap<>();
        for (Result r : results) {
            byKey.computeIfAbsent(r.workload + "." + r.impl + r.params, k -> new ArrayList<>()).add(r);
        }
        List<Result> merged = new ArrayList<>();
        for (List<Result> runs : byKey.values()) {
            if (runs.size() == 1) {
                merged.add(runs.get(0));
                continue;
            }
            Result first = runs.get(0);
            ListStatistics stats = new ListStatistics();
            List<Object> rawData = new ArrayList<>();
            double alloc = 0;
            int forks = 0;
            for (Result r : runs) {
                if (!r.unit.equals(first.unit)) {
                    throw new IllegalArgumentException("runs of " + first.impl + " in different units: " + r.unit + ", " + first.unit);
                }
                Map<String, Object> primary = (Map<String, Object>) r.raw.get("primaryMetric");
                if (!(primary.get("rawData") instanceof List<?> forkData)) {
                    throw new IllegalArgumentException("no rawData to merge the runs of " + first.workload + "." + first.impl);
                }
                for (Object fork : forkData) {
                    rawData.add(fork);
                    for (Object iteration : (List<Object>) fork) {
                        stats.addValue(Json.number(iteration));
                    }
                }
                alloc += r.alloc;
                forks += r.raw.get("forks") instanceof Number n ? n.intValue() : 1;
            }
            double error = stats.getN() > 1 ? stats.getMeanErrorAt(0.999) : Double.NaN;
            Map<String, Object> primary = new LinkedHashMap<>((Map<String, Object>) first.raw.get("primaryMetric"));
            primary.put("score", stats.getMean());
            primary.put("scoreError", error);
            primary.put("rawData", rawData);
            Map<String, Object> raw = new LinkedHashMap<>(first.raw);
            raw.put("forks", forks);
            raw.put("primaryMetric", primary);
            merged.add(new Result(first.workload, first.impl, first.params, stats.getMean(), error, first.unit,
                    alloc / runs.size(), raw));
        }
        return merged;
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

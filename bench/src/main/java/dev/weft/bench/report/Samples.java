package dev.weft.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JVM of queue throughput's execution-sample profile ({@code dev.weft.bench.hops.QueueSamples}):
 * the time per item while recorded, the number of samples, each marked method's share of them (in
 * the stack anywhere) and the methods most often on top.
 */
record Samples(String kind, int items, double warmSeconds, double recordSeconds, double nsPerItem, int samples,
        Map<String, Double> marks, List<Top> top) {

    record Top(String method, double share) {}

    @SuppressWarnings("unchecked")
    static List<Samples> read(String json) {
        return ((List<Object>) Json.parse(json)).stream().map(o -> {
            Map<String, Object> m = (Map<String, Object>) o;
            Map<String, Double> marks = new LinkedHashMap<>();
            ((Map<String, Object>) m.get("marks")).forEach((k, v) -> marks.put(k, Json.number(v)));
            List<Top> top = ((List<Object>) m.get("top")).stream().map(t -> {
                Map<String, Object> tm = (Map<String, Object>) t;
                return new Top((String) tm.get("method"), Json.number(tm.get("share")));
            }).toList();
            return new Samples((String) m.get("kind"), (int) Json.number(m.get("items")),
                    Json.number(m.get("warmSeconds")), Json.number(m.get("recordSeconds")), Json.number(m.get("nsPerItem")),
                    (int) Json.number(m.get("samples")), marks, top);
        }).toList();
    }
}

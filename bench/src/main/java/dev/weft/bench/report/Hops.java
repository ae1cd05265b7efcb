package dev.weft.bench.report;

import java.util.List;
import java.util.Map;

/** One repeat of the ping-pong's carrier-hops profile ({@code dev.weft.bench.hops.CarrierHops}). */
record Hops(String kind, int rounds, double nsPerRoundTrip, double sameCarrier) {

    @SuppressWarnings("unchecked")
    static List<Hops> read(String json) {
        return ((List<Object>) Json.parse(json)).stream().map(o -> {
            Map<String, Object> m = (Map<String, Object>) o;
            return new Hops((String) m.get("kind"), (int) Json.number(m.get("rounds")),
                    Json.number(m.get("nsPerRoundTrip")), Json.number(m.get("sameCarrier")));
        }).toList();
    }
}

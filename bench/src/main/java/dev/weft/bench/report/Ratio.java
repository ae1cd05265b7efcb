package dev.weft.bench.report;

import java.util.Locale;

/**
 * The ratio of two rows' per-unit times, with an error: JMH's two errors (99.9% confidence
 * half-widths) propagated to first order, {@code value × √((e₁/t₁)² + (e₂/t₂)²)}, which assumes
 * the two were measured independently (they are: separate forks). An approximate 99.9% half-width
 * of the ratio; {@code NaN} when either row has no error (a single iteration, as in smoke runs).
 */
record Ratio(double value, double error) {

    static Ratio of(Workload w, Result over, Result under) {
        double o = w.perUnit(over);
        double u = w.perUnit(under);
        double value = o / u;
        double error = value * Math.hypot(w.errorPerUnit(over) / o, w.errorPerUnit(under) / u);
        return new Ratio(value, error);
    }

    /** {@code 1.02 ± 0.03}, or {@code 1.02 ± n/a} without an error. */
    String text() {
        return String.format(Locale.ROOT, "%.2f ± %s", value,
                Double.isNaN(error) ? "n/a" : String.format(Locale.ROOT, "%.2f", error));
    }
}

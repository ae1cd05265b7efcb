package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issues 8, 9 and 11, checked against one run. Each of issue 8's is a ratio (or a
 * time, or a fraction of the ideal) computed from the results, with a bound; the verdict says met
 * or missed and by how much. Issue 11's ({@link #jfrLine}) is a ratio with its error.
 */
final class Target {
    private Target() {}

    /** One checked target: what, the figure this run gives, and the verdict. */
    record Line(String text, String measured, String verdict, String earlier) {}

    private enum Bound { AT_MOST, AT_LEAST }

    /**
     * {@code other == null}: an absolute bound on weft's per-unit nanoseconds (or, for FanOut, its
     * ideal ÷ achieved). Otherwise {@code weftOverOther} says which way the ratio is taken.
     */
    private record Spec(String text, Workload workload, String weft, String other, boolean weftOverOther,
                        Bound bound, double limit, String earlier, String onlyParams) {
        /** A target for every parameter set of the workload. */
        Spec(String text, Workload workload, String weft, String other, boolean weftOverOther,
             Bound bound, double limit, String earlier) {
            this(text, workload, weft, other, weftOverOther, bound, limit, earlier, null);
        }
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("spawn+join: weft ≤ 1.5× raw virtual threads", Workload.Spawn, "weftParallel", "virtualThreads",
                    true, Bound.AT_MOST, 1.5, "1.76×"),
            new Spec("spawn+join: weft TaskGroup ≤ 1.5× raw virtual threads (issue 9)", Workload.Spawn, "taskGroup",
                    "virtualThreads", true, Bound.AT_MOST, 1.5, null),
            new Spec("spawn+join: weft ≥ 20× faster than a platform thread per task", Workload.Spawn, "weftParallel",
                    "platformThreads", false, Bound.AT_LEAST, 20, null),
            new Spec("spawn+join: weft ≥ 1,000× faster than a process per task", Workload.Spawn, "weftParallel",
                    "processes", false, Bound.AT_LEAST, 1000, null),
            new Spec("spawn+join: weft within 1.5× of Kotlin launch", Workload.Spawn, "weftParallel", "kotlin",
                    true, Bound.AT_MOST, 1.5, null),
            new Spec("ping-pong: weft Queue(1) ≤ 1.3× SynchronousQueue on virtual threads", Workload.PingPong,
                    "weftParallel", "synchronousQueueVirtual", true, Bound.AT_MOST, 1.3, "5.7×"),
            new Spec("ping-pong: cooperative weft Queue(1) ≤ 1.3× SynchronousQueue on virtual threads", Workload.PingPong,
                    "weftCooperative", "synchronousQueueVirtual", true, Bound.AT_MOST, 1.3, null),
            new Spec("ping-pong: weft Queue(1) ≥ 8× faster than asyncio's Queue", Workload.PingPong, "weftParallel",
                    "asyncio", false, Bound.AT_LEAST, 8, null),
            new Spec("ping-pong: cooperative weft Queue(1) ≥ 8× faster than asyncio's Queue", Workload.PingPong,
                    "weftCooperative", "asyncio", false, Bound.AT_LEAST, 8, null),
            new Spec("queue throughput: weft ≥ 0.7× ArrayBlockingQueue", Workload.Queue, "weftParallel",
                    "arrayBlockingQueue", false, Bound.AT_LEAST, 0.7, null),
            new Spec("cooperative switch ≤ 1 µs", Workload.Switch, "weftCooperative", null, true, Bound.AT_MOST,
                    1000, null),
            new Spec("cooperative switch ≥ 10× faster than asyncio's sleep(0)", Workload.Switch, "weftCooperative",
                    "asyncio", false, Bound.AT_LEAST, 10, null),
            new Spec("uncontended Lock ≤ 1.1× ReentrantLock (issue 9)", Workload.Lock, "weftLock", "reentrantLock",
                    true, Bound.AT_MOST, 1.1, null, "tasks=1"),
            new Spec("I/O fan-out ≥ 0.9 of ideal", Workload.FanOut, "weftParallel", null, false, Bound.AT_LEAST,
                    0.9, null));

    static List<Line> evaluate(List<Result> results, List<Memory> memory) {
        List<Line> lines = new ArrayList<>();
        for (Spec spec : SPECS) {
            List<Result> weftRows = results.stream()
                    .filter(r -> r.workload().equals(spec.workload.name()) && r.impl().equals(spec.weft))
                    .filter(r -> spec.onlyParams == null || r.paramText().equals(spec.onlyParams)).toList();
            if (weftRows.isEmpty()) {
                lines.add(new Line(spec.text, "n/a", "not measured", spec.earlier));
                continue;
            }
            for (Result weft : weftRows) {
                String text = spec.text + (weft.params().isEmpty() ? "" : " (" + weft.paramText() + ")");
                if (spec.other == null) {
                    double value = spec.workload == Workload.FanOut ? Workload.efficiency(weft) : spec.workload.perUnit(weft);
                    String shown = spec.workload == Workload.FanOut
                            ? String.format(Locale.ROOT, "%.3f", value) : Report.time(value);
                    String verdict = verdict(value, spec.bound, spec.limit);
                    lines.add(new Line(text, shown, verdict.startsWith("met") ? verdict : verdict + allocation(spec.workload, weft, null),
                            spec.earlier));
                    continue;
                }
                Optional<Result> other = counterpart(results, spec, weft);
                if (other.isEmpty()) {
                    lines.add(new Line(text, "n/a", "not measured (no " + spec.other + " result)", spec.earlier));
                    continue;
                }
                double w = spec.workload.perUnit(weft);
                double o = spec.workload.perUnit(other.get());
                double ratio = spec.weftOverOther ? w / o : o / w;
                String verdict = verdict(ratio, spec.bound, spec.limit);
                lines.add(new Line(text, String.format(Locale.ROOT, "%.2f×", ratio),
                        verdict.startsWith("met") ? verdict : verdict + allocation(spec.workload, weft, other.get()), spec.earlier));
            }
        }
        lines.add(memoryLine(memory));
        lines.add(jfrLine(results, "spawn", "spawn+join"));
        lines.add(jfrLine(results, "pingPong", "Queue(1) ping-pong"));
        return lines;
    }

    /**
     * Issue 11: with JFR off, {@code path} is not slower than without the events. The figure is
     * JfrOff ÷ WithoutEvents with its error ({@link Ratio}); the target is met when the interval
     * {@code ratio ± error} reaches down to 1.0 or below, that is when this run does not show
     * JFR off slower. That is not a proof that the two are equal: a wider interval meets it more
     * easily, which is why the verdict prints the interval. Without an error (one iteration) there
     * is no interval and no verdict.
     */
    private static Line jfrLine(List<Result> results, String path, String what) {
        String text = "JFR off: " + what + " not slower than without the events (JfrOff ÷ WithoutEvents − error ≤ 1)";
        Optional<Result> off = find(results, Workload.Jfr, path + "JfrOff");
        Optional<Result> without = find(results, Workload.Jfr, path + "WithoutEvents");
        if (off.isEmpty() || without.isEmpty()) {
            return new Line(text, "n/a", "not measured", null);
        }
        Ratio r = Ratio.of(Workload.Jfr, off.get(), without.get());
        String measured = r.text() + "×";
        if (Double.isNaN(r.error()) || Double.isNaN(r.value())) {
            return new Line(text, measured, "n/a: no error, so no interval (more than one iteration needed)", null);
        }
        String interval = String.format(Locale.ROOT, "[%.2f, %.2f]", r.value() - r.error(), r.value() + r.error());
        if (r.value() - r.error() > 1.0) {
            return new Line(text, measured, "**missed**: slower, the whole interval " + interval + " is above 1"
                    + allocation(Workload.Jfr, off.get(), without.get()), null);
        }
        return new Line(text, measured, (r.value() <= 1.0 ? "met, " : "met within the error, ") + "interval " + interval, null);
    }

    private static Optional<Result> find(List<Result> results, Workload w, String impl) {
        return results.stream().filter(r -> r.workload().equals(w.name()) && r.impl().equals(impl)).findFirst();
    }

    /** The other implementation at weft's parameters, else its only row (processes and their smaller N). */
    private static Optional<Result> counterpart(List<Result> results, Spec spec, Result weft) {
        List<Result> others = results.stream()
                .filter(r -> r.workload().equals(spec.workload.name()) && r.impl().equals(spec.other)).toList();
        return others.stream().filter(r -> r.params().equals(weft.params())).findFirst()
                .or(() -> spec.workload.divisor != null && others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty());
    }

    /**
     * For a missed target, the first thing {@code -prof gc} says about where the time goes: the
     * bytes allocated per unit by weft and by the other implementation (empty without -prof gc).
     */
    private static String allocation(Workload w, Result weft, Result other) {
        if (Double.isNaN(weft.alloc()) || w == Workload.FanOut) {
            return "";
        }
        String text = String.format(Locale.ROOT, "; allocates %.0f B per %s", w.allocPerUnit(weft), w.unit);
        if (other != null && !Double.isNaN(other.alloc())) {
            text += String.format(Locale.ROOT, " (%s: %.0f B)", other.impl(), w.allocPerUnit(other));
        }
        return text;
    }

    private static Line memoryLine(List<Memory> memory) {
        String text = "memory: weft ≤ 1.15× a bare virtual thread per task (heap after GC)";
        List<Memory.Summary> s = Memory.summarise(memory);
        Optional<Memory.Summary> weft = s.stream().filter(m -> m.kind().equals("weft")).findFirst();
        Optional<Memory.Summary> vt = s.stream().filter(m -> m.kind().equals("virtualThreads")).findFirst();
        if (weft.isEmpty() || vt.isEmpty()) {
            return new Line(text, "n/a", "not measured", "1.35×");
        }
        double ratio = weft.get().heap() / vt.get().heap();
        return new Line(text, String.format(Locale.ROOT, "%.2f×", ratio), verdict(ratio, Bound.AT_MOST, 1.15), "1.35×");
    }

    private static String verdict(double value, Bound bound, double limit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        boolean met = bound == Bound.AT_MOST ? value <= limit : value >= limit;
        // how far from the bound, as a factor, whichever side of it the value is
        double factor = bound == Bound.AT_MOST ? value / limit : limit / value;
        return met
                ? String.format(Locale.ROOT, "met, %.2f× to spare", 1 / factor)
                : String.format(Locale.ROOT, "**missed** by %.2f×", factor);
    }

    /** Issue 8's ad-hoc figures next to this run's, so the run confirms or corrects them. */
    static String earlierFigures(List<Line> lines) {
        StringBuilder t = new StringBuilder("Issue 8 quoted figures from an ad-hoc harness; this run's JMH figures for the same ratios:\n\n")
                .append("| ratio | ad-hoc (issue 8) | this run |\n| --- | ---: | ---: |\n");
        for (Line line : lines) {
            if (line.earlier() != null) {
                t.append("| ").append(line.text()).append(" | ").append(line.earlier()).append(" | ")
                        .append(line.measured()).append(" |\n");
            }
        }
        return t.toString();
    }
}

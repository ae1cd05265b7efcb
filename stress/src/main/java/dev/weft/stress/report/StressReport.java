package dev.weft.stress.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;
import org.openjdk.jcstress.util.Counter;

/**
 * Writes {@code docs/stress.md} from a jcstress result blob: every test with what it checks and
 * its outcome counts (summed over every configuration and fork of the run), the run's date,
 * JDK, jcstress version and command, and a verdict per claim of the guide.
 *
 * <p>Usage (from the repository root, after a run; {@code stress/run-quick} does all of it):
 * {@snippet lang=sh :
 * java -cp stress/target/jcstress.jar dev.weft.stress.report.StressReport \
 *     <jcstress-results-*.bin.gz> "<the jcstress command>" docs/stress.md
 * }
 */
public final class StressReport {

    /** What a test says about its claim: the claim's own setting, a contrast, or the remedy. */
    enum Role {
        /** The claim as asyncio users apply it, in a cooperative loop. */
        COOPERATIVE,
        /** The claim carried over to parallel Java: threads, or tasks of a parallel loop. */
        PARALLEL,
        /** Shown next to the claim, not part of its verdict (a variant the claim does not make, or the fix). */
        ASIDE
    }

    /** One of the guide's five claims and the tests that check it, each with its role. */
    record Claim(int number, String text, Map<String, Role> tests) {
    }

    private static final String P = "dev.weft.stress.";

    /** The guide's claims (section "多个协程去操作同一数据，保持数据的原子性，是如何实现的？"). */
    static final List<Claim> CLAIMS = List.of(
            new Claim(1, "An asyncio.Lock makes a read-modify-write critical section atomic (\"async with lock:\").", Map.of(
                    P + "LockCriticalSectionStress.CooperativeTasks", Role.COOPERATIVE,
                    P + "LockCriticalSectionStress.ParallelTasks", Role.PARALLEL,
                    P + "LockCriticalSectionStress.PlainThreads", Role.PARALLEL)),
            new Claim(2, "\"x += 1\" is atomic, no lock needed (\"Python的 += 操作在CPython中通常是原子的\").", Map.of(
                    P + "PlainIncrementAtomicityStress.CooperativeNoSuspension", Role.COOPERATIVE,
                    P + "PlainIncrementAtomicityStress.ParallelTasks", Role.PARALLEL,
                    P + "PlainIncrementAtomicityStress.PlainThreads", Role.PARALLEL,
                    P + "PlainIncrementAtomicityStress.CooperativeWithSuspension", Role.ASIDE)),
            new Claim(3, "A Queue serialises updates: producers put, one consumer applies every item.", Map.of(
                    P + "QueueSerialisationStress.CooperativeTasks", Role.COOPERATIVE,
                    P + "QueueSerialisationStress.ParallelTasks", Role.PARALLEL)),
            new Claim(4, "An immutable value replaced atomically (\"shared_state = (*shared_state, new_item)\") is safe.", Map.of(
                    P + "ImmutableReplacementStress.CooperativePlainField", Role.COOPERATIVE,
                    P + "ImmutableReplacementStress.PlainField", Role.PARALLEL,
                    P + "ImmutableReplacementStress.VolatileField", Role.PARALLEL,
                    P + "ImmutableReplacementStress.AtomicReferenceUpdate", Role.ASIDE)),
            new Claim(5, "A thread-safe structure reached through the executor bridge (to_thread / run_in_executor) loses nothing.", Map.of(
                    P + "ToThreadBridgeStress.CooperativeTasks", Role.COOPERATIVE,
                    P + "ToThreadBridgeStress.ParallelTasks", Role.PARALLEL)));

    /** A test's results, summed over the run. */
    static final class Summary {
        final String name;
        Status status = Status.NORMAL;
        final Counter<String> states = new Counter<>();
        TestResult first;
        final List<String> messages = new ArrayList<>();

        Summary(String name) {
            this.name = name;
        }

        void add(TestResult r) {
            if (first == null) {
                first = r;
            }
            status = status.combine(r.status());
            states.merge(r.getCounter());
            for (String m : r.getMessages()) {
                if (messages.size() < 20) {
                    messages.add(m);
                }
            }
        }

        TestGrading grading() {
            TestResult merged = new TestResult(status);
            merged.setConfig(first.getConfig());
            merged.addState(states);
            return TestGrading.grade(merged);
        }

        boolean failed() {
            return status != Status.NORMAL || !grading().isPassed;
        }

        long interesting() {
            long n = 0;
            for (GradingResult g : grading().gradingResults.values()) {
                if (g.expect == Expect.ACCEPTABLE_INTERESTING) {
                    n += g.count;
                }
            }
            return n;
        }

        boolean declaresInteresting() {
            TestInfo info = TestList.getInfo(name);
            return info.cases().stream().anyMatch(c -> c.expect() == Expect.ACCEPTABLE_INTERESTING);
        }
    }

    private StressReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: StressReport <jcstress-results.bin.gz> <command> <out.md>");
            System.exit(2);
        }
        Map<String, Summary> tests = new TreeMap<>();
        Map<String, String> env = new TreeMap<>();
        DiskReadCollector reader = new DiskReadCollector(args[0], r -> {
            tests.computeIfAbsent(r.getName(), Summary::new).add(r);
            if (env.isEmpty() && r.getEnv() != null) {
                env.putAll(r.getEnv().entries());
            }
        });
        reader.dump();
        reader.close();
        if (tests.isEmpty()) {
            throw new IllegalStateException("no results in " + args[0]);
        }
        Path out = Path.of(args[2]);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            write(w, tests, env, args[1]);
        }
        System.out.println("wrote " + out + ": " + tests.size() + " tests");
    }

    static void write(PrintWriter w, Map<String, Summary> tests, Map<String, String> env, String command)
            throws IOException {
        w.println("# weft stress results");
        w.println();
        w.println("Generated by `stress/run-quick` (`dev.weft.stress.report.StressReport`) from one jcstress run;");
        w.println("do not edit by hand. Each test is described in its source header, `stress/src/main/java/dev/weft/stress/`.");
        w.println();
        w.println("| run | |");
        w.println("| --- | --- |");
        w.println("| date | " + LocalDate.now(ZoneOffset.UTC) + " |");
        w.println("| JDK | " + jdk(env) + " |");
        w.println("| jcstress | " + jcstressVersion() + " |");
        w.println("| machine | " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + " |");
        w.println("| command | `" + cell(command) + "` |");
        w.println("| tests | " + tests.size() + ", " + tests.values().stream().filter(Summary::failed).count()
                + " failed |");
        w.println();
        w.println("Counts are summed over every configuration and fork jcstress ran for a test. FORBIDDEN");
        w.println("outcomes fail the test; ACCEPTABLE_INTERESTING outcomes are allowed races that refute a claim.");
        w.println();

        w.println("## The guide's five claims");
        w.println();
        w.println("From the section \"多个协程去操作同一数据，保持数据的原子性，是如何实现的？\" of the asyncio guide this");
        w.println("project grew from. *Cooperative* is a `Loop.cooperative()` (asyncio's model: one task at a time);");
        w.println("*parallel* is plain threads or a parallel loop's tasks (virtual threads, truly parallel).");
        w.println();
        w.println("| # | claim | verdict | evidence |");
        w.println("| --- | --- | --- | --- |");
        for (Claim c : CLAIMS) {
            w.println("| " + c.number() + " | " + cell(c.text()) + " | " + verdict(c, tests) + " | " + evidence(c, tests) + " |");
        }
        w.println();

        w.println("## Every test");
        w.println();
        for (Summary s : tests.values()) {
            TestInfo info = TestList.getInfo(s.name);
            w.println("### " + s.name.substring(s.name.startsWith(P) ? P.length() : 0));
            w.println();
            w.println((info == null ? "" : info.description()) + " " + (s.failed() ? "**FAILED**" : "Passed")
                    + (s.status != Status.NORMAL ? " (" + s.status + ")" : "") + ".");
            w.println();
            w.println("| outcome | count | expect | meaning |");
            w.println("| --- | ---: | --- | --- |");
            for (GradingResult g : s.grading().gradingResults.values()) {
                w.println("| `" + cell(g.id) + "` | " + String.format("%,d", g.count) + " | " + g.expect + " | "
                        + cell(g.description) + " |");
            }
            for (String m : s.messages) {
                w.println();
                w.println("    " + m);
            }
            w.println();
        }
    }

    /** holds in parallel mode / holds in cooperative mode / false, from what the run saw. */
    static String verdict(Claim c, Map<String, Summary> tests) {
        boolean missing = false, broken = false, parallelRefuted = false, parallelUnseen = false;
        for (Map.Entry<String, Role> t : c.tests().entrySet()) {
            Summary s = tests.get(t.getKey());
            if (s == null) {
                missing |= t.getValue() != Role.ASIDE;
                continue;
            }
            if (t.getValue() == Role.ASIDE) {
                continue;
            }
            broken |= s.failed();
            if (t.getValue() == Role.PARALLEL) {
                parallelRefuted |= s.interesting() > 0;
                parallelUnseen |= s.interesting() == 0 && s.declaresInteresting();
            }
        }
        if (missing) {
            return "not decided: a test of this claim did not run";
        }
        if (broken) {
            return "**false**: a FORBIDDEN outcome or an error (see the tests)";
        }
        if (parallelRefuted) {
            return "**holds in cooperative mode** only; false in parallel mode";
        }
        if (parallelUnseen) {
            return "**holds in cooperative mode**; in parallel mode the racy outcome is possible but was not seen in this run";
        }
        return "**holds in parallel mode** (and in cooperative mode)";
    }

    /** The counts behind the verdict: interesting outcomes per test, and runs per test. */
    static String evidence(Claim c, Map<String, Summary> tests) {
        List<String> parts = new ArrayList<>();
        for (String name : new TreeSet<>(c.tests().keySet())) {
            Summary s = tests.get(name);
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            if (s == null) {
                parts.add(shortName + ": not run");
                continue;
            }
            long total = s.states.totalCount();
            String seen = s.failed() ? "FAILED"
                    : s.declaresInteresting() ? String.format("%,d refuting (interesting) of %,d runs", s.interesting(), total)
                    : String.format("%,d runs, all acceptable", total);
            parts.add(shortName + (c.tests().get(name) == Role.ASIDE ? " (aside)" : "") + ": " + seen);
        }
        return String.join("; ", parts);
    }

    /** Text safe inside a markdown table cell. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String jdk(Map<String, String> env) {
        for (String key : List.of("java.vm.version", "java.version", "java.runtime.version")) {
            String v = env.get(key);
            if (v != null) {
                String vendor = env.getOrDefault("java.vm.name", "");
                return (vendor + " " + v).trim();
            }
        }
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " (the report generator's)";
    }

    private static String jcstressVersion() throws IOException {
        try (InputStream in = StressReport.class.getResourceAsStream(
                "/META-INF/maven/org.openjdk.jcstress/jcstress-core/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }
}

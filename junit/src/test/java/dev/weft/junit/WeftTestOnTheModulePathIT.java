package dev.weft.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@link WeftTest} for a user whose tests are a named module, with JUnit itself on the module
 * path. Surefire runs weft-junit's own tests on the class path (the root pom sets {@code
 * useModulePath} false), where no module descriptor is read; here the sample module in {@code
 * src/it/modular} ({@code requires dev.weft.junit}, its package opened to JUnit) is compiled
 * against the packaged weft-junit jar and run by JUnit's console launcher in a JVM of its own,
 * with every jar on the module path and nothing on the class path: JUnit (a named module then)
 * instantiates {@link WeftExtension} and calls it across module boundaries, as in a modular build.
 */
@Timeout(120) // hang guard only
class WeftTestOnTheModulePathIT {
    private static final String SAMPLE_MODULE = "example.modular";

    @Test
    void a_named_test_module_runs_weft_tests_with_junit_on_the_module_path(@TempDir Path dir) throws Exception {
        List<Path> modulePath = explicitModulesOnTheClassPath();
        Path classes = dir.resolve("classes");
        compile(Path.of(System.getProperty("weft.modularSample")), classes, modulePath);

        List<Path> runPath = new ArrayList<>(modulePath);
        runPath.add(0, classes);
        Path reports = dir.resolve("reports");
        Path console = dir.resolve("console.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--module-path", join(runPath),
                "--add-modules", SAMPLE_MODULE, // the launcher finds the Jupiter engine as a service itself
                "-m", "org.junit.platform.console/org.junit.platform.console.ConsoleLauncher",
                "execute", "--select-module", SAMPLE_MODULE, "--fail-if-no-tests",
                "--reports-dir", reports.toString(), "--disable-banner", "--disable-ansi-colors", "--details=tree")
                .redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().remove("CLASSPATH"); // nothing on the class path
        Process java = pb.start();
        if (!java.waitFor(90, TimeUnit.SECONDS)) {
            java.destroyForcibly();
            fail("the console launcher did not finish:\n" + Files.readString(console));
        }
        String output = Files.readString(console);
        Path xml = reports.resolve("TEST-junit-jupiter.xml");
        assertTrue(Files.exists(xml), () -> "no report; the launcher said:\n" + output);

        Map<String, String> failures = testcases(xml); // method name -> failure message, null if it passed
        assertEquals(List.of("leavesATaskRunning", "runsInAParallelLoop", "sleepsAnHourInNoTime"),
                failures.keySet().stream().sorted().toList(), output);
        assertNull(failures.get("sleepsAnHourInNoTime"), output); // virtual time, the Loop injected
        assertNull(failures.get("runsInAParallelLoop"), output);
        String m = failures.get("leavesATaskRunning");
        assertTrue(m != null && m.startsWith("the test left 1 task running (cancelled as it returned); Task-"), output);
        assertTrue(m.contains("- straggler: waiting on sleep"), m);
        // the dump's stack frames name their modules: the sample and weft-junit ran as named modules
        assertTrue(m.contains("at example.modular/example.modular.OnTheModulePathTest.lambda$leavesATaskRunning$"), m);
        assertTrue(m.contains("at dev.weft.junit@"), m);
        assertEquals(1, java.exitValue(), output); // the console launcher's "some test failed"
    }

    /**
     * Every explicit module (a jar or folder with a module-info) on this test's class path:
     * weft-junit's packaged jar, weft-engine, slf4j and the JUnit Platform's modules, console
     * launcher included. Surefire's own jars and the test classes are left out.
     */
    private static List<Path> explicitModulesOnTheClassPath() {
        List<Path> modules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            boolean candidate = Files.isRegularFile(p) ? entry.endsWith(".jar") : Files.exists(p.resolve("module-info.class"));
            if (!candidate) {
                continue;
            }
            for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
                ModuleDescriptor d = ref.descriptor();
                if (!d.isAutomatic() && !names.contains(d.name())) {
                    names.add(d.name());
                    modules.add(p);
                }
            }
        }
        for (String needed : List.of("dev.weft.junit", "dev.weft", "org.junit.jupiter.engine", "org.junit.platform.console")) {
            assertTrue(names.contains(needed), () -> needed + " is not on the class path: " + names);
        }
        return modules;
    }

    private static void compile(Path sources, Path out, List<Path> modulePath) throws Exception {
        // --class-path: javac run in-process would take this JVM's class path as its own
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("--module-path", join(modulePath), "--class-path", out.toString(),
                "-d", out.toString(), "-Xlint:all", "-proc:none"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log, true);
        int rc = ToolProvider.findFirst("javac").orElseThrow().run(w, w, args.toArray(String[]::new));
        assertEquals(0, rc, () -> "the sample module does not compile:\n" + log);
    }

    /** The report's test cases, by method name, each with its failure's message (null if it passed). */
    private static Map<String, String> testcases(Path xml) throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getElementsByTagName("testcase");
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList failed = c.getElementsByTagName("failure");
            NodeList errors = c.getElementsByTagName("error");
            Element f = failed.getLength() > 0 ? (Element) failed.item(0)
                    : errors.getLength() > 0 ? (Element) errors.item(0) : null;
            String name = c.getAttribute("name");
            result.put(name.substring(0, name.indexOf('(')), f == null ? null : f.getAttribute("message"));
        }
        return result;
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}

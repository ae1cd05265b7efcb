package dev.weft.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Which {@code TaskGroup} runs: weft's own, or weft's on the JDK's {@code StructuredTaskScope}
 * ({@link TaskScope}). Chosen once per JVM, at the first group opened:
 *
 * <ul>
 *   <li>{@code -Dweft.taskGroup=own}: weft's own, everywhere.
 *   <li>{@code -Dweft.taskGroup=jdk}: the JDK's scope; where it cannot be had, every {@code
 *       TaskGroup} fails to open with an {@link IllegalStateException} saying why.
 *   <li>unset: the JDK's scope when the JVM is JDK 25 started with {@code --enable-preview} and
 *       {@code JdkTaskScope} loads from weft's Multi-Release jar; weft's own otherwise.
 * </ul>
 *
 * The JDK's scope is used in parallel loops only; cooperative and virtual-time loops run weft's
 * own group on either backend (their children must start when the loop hands them its turn, not
 * when a scope forks them).
 */
public final class TaskGroupBackend {
    /** The system property that forces a choice. */
    public static final String PROPERTY = "weft.taskGroup";
    /** The only JDK whose preview StructuredTaskScope API {@code JdkTaskScope} is compiled against. */
    static final int JDK = 25;
    private static final String JDK_CLASS = "dev.weft.internal.JdkTaskScope";

    /** Opens a JdkTaskScope (a String name), or null for weft's own. */
    private final MethodHandle opener;
    /** Why the JDK's scope is not used, or the line saying it is. */
    private final String description;
    /** -Dweft.taskGroup=jdk and the JDK's scope cannot be had. */
    private final boolean refused;

    private TaskGroupBackend(MethodHandle opener, String description, boolean refused) {
        this.opener = opener;
        this.description = description;
        this.refused = refused;
    }

    private static final class Selected {
        static final TaskGroupBackend INSTANCE = choose(System.getProperty(PROPERTY),
                () -> Runtime.version().feature(), TaskGroupBackend::loadJdkClass);

        static {
            LoggerFactory.getLogger("dev.weft.TaskGroup").debug("{}", INSTANCE.description);
        }
    }

    /** The backend of this JVM (chosen, and logged at DEBUG, on first call). */
    public static TaskGroupBackend selected() {
        return Selected.INSTANCE;
    }

    /**
     * The choice, from the property's value (null when unset), the JDK's feature release and a
     * loader of {@code JdkTaskScope} (which throws a {@code LinkageError} or {@code
     * ClassNotFoundException} where the class cannot be had). Separate from {@link #selected()}
     * so that tests can ask it about other JVMs.
     */
    static TaskGroupBackend choose(String forced, IntSupplier feature, Supplier<Class<?>> loader) {
        if (forced != null && !forced.equals("own") && !forced.equals("jdk")) {
            return refusal("-D" + PROPERTY + "=" + forced + " is not a backend: use own or jdk");
        }
        if ("own".equals(forced)) {
            return new TaskGroupBackend(null, "TaskGroup: weft's own (-D" + PROPERTY + "=own)", false);
        }
        String unavailable;
        int f = feature.getAsInt();
        if (f != JDK) {
            unavailable = "the JDK's StructuredTaskScope needs JDK " + JDK + " with --enable-preview (JEP 505), this is JDK " + f;
        } else {
            try {
                MethodHandle open = MethodHandles.lookup().findConstructor(loader.get(),
                        MethodType.methodType(void.class, String.class));
                return new TaskGroupBackend(open, "TaskGroup: the JDK's StructuredTaskScope (JEP 505) in parallel loops,"
                        + " weft's own in cooperative ones", false);
            } catch (UnsupportedClassVersionError e) {
                unavailable = "the JDK's StructuredTaskScope needs --enable-preview on JDK " + JDK + " (" + e.getMessage() + ")";
            } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
                unavailable = "the JDK's StructuredTaskScope needs weft's Multi-Release jar, whose META-INF/versions/" + JDK
                        + " holds " + JDK_CLASS + " (" + e + ")";
            }
        }
        if ("jdk".equals(forced)) {
            return refusal("-D" + PROPERTY + "=jdk, but " + unavailable);
        }
        return new TaskGroupBackend(null, "TaskGroup: weft's own; " + unavailable, false);
    }

    private static TaskGroupBackend refusal(String why) {
        return new TaskGroupBackend(null, "TaskGroup: unavailable: " + why, true);
    }

    private static Class<?> loadJdkClass() {
        try {
            return Class.forName(JDK_CLASS, true, TaskGroupBackend.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no " + JDK_CLASS + " on the class or module path", e);
        }
    }

    /** Whether groups in parallel loops run on the JDK's scope. */
    public boolean isJdk() {
        return opener != null;
    }

    /**
     * A scope for a new group opened by the calling thread, or null for weft's own group.
     *
     * @param cooperative the group's loop is cooperative (then always null)
     * @throws IllegalStateException when {@code -Dweft.taskGroup} asks for what cannot be had
     */
    public TaskScope open(String name, boolean cooperative) {
        Objects.requireNonNull(name, "name");
        if (refused) {
            throw new IllegalStateException(description);
        }
        if (opener == null || cooperative) {
            return null;
        }
        try {
            return (TaskScope) opener.invoke(name);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot open a StructuredTaskScope", e);
        }
    }

    /** One line: which backend runs and, if it is weft's own, why. */
    @Override
    public String toString() {
        return description;
    }
}

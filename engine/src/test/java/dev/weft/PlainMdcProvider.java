package dev.weft;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple's logging with an MDC kept in a plain (not inheritable) {@code ThreadLocal}, as
 * logback's is. slf4j-simple's own {@code BasicMDCAdapter} is an {@code InheritableThreadLocal},
 * under which a new thread would see its creator's MDC whether or not weft copies it; the tests
 * select this provider ({@code -Dslf4j.provider}, in the engine's pom) so that they can tell.
 */
public final class PlainMdcProvider extends SimpleServiceProvider {
    private final MDCAdapter mdc = new PlainMdc();

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    /** An MDC per thread, never inherited. */
    static final class PlainMdc implements MDCAdapter {
        private final ThreadLocal<Map<String, String>> map = new ThreadLocal<>();
        private final ThreadLocal<Map<String, Deque<String>>> deques = ThreadLocal.withInitial(HashMap::new);

        @Override
        public void put(String key, String val) {
            Map<String, String> m = map.get();
            if (m == null) {
                m = new HashMap<>();
                map.set(m);
            }
            m.put(key, val);
        }

        @Override
        public String get(String key) {
            Map<String, String> m = map.get();
            return m == null ? null : m.get(key);
        }

        @Override
        public void remove(String key) {
            Map<String, String> m = map.get();
            if (m != null) {
                m.remove(key);
            }
        }

        @Override
        public void clear() {
            map.remove();
        }

        @Override
        public Map<String, String> getCopyOfContextMap() {
            Map<String, String> m = map.get();
            return m == null ? null : new HashMap<>(m);
        }

        @Override
        public void setContextMap(Map<String, String> contextMap) {
            map.set(new HashMap<>(contextMap));
        }

        @Override
        public void pushByKey(String key, String value) {
            deques.get().computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
        }

        @Override
        public String popByKey(String key) {
            Deque<String> d = deques.get().get(key);
            return d == null ? null : d.poll();
        }

        @Override
        public Deque<String> getCopyOfDequeByKey(String key) {
            Deque<String> d = deques.get().get(key);
            return d == null ? null : new ArrayDeque<>(d);
        }

        @Override
        public void clearDequeByKey(String key) {
            Deque<String> d = deques.get().get(key);
            if (d != null) {
                d.clear();
            }
        }
    }
}

package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tour has the 18 topics, each a distinct class with a public main. (Each example's own test runs it.) */
class TourTest {
    @Test
    void the_tour_has_eighteen_distinct_runnable_examples() throws Exception {
        assertEquals(18, Tour.STOPS.size());
        Set<Class<?>> types = new HashSet<>();
        for (Tour.Stop s : Tour.STOPS) {
            assertTrue(types.add(s.type()), "twice: " + s.type());
            Method main = s.type().getMethod("main", String[].class);
            assertTrue(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()), s.type() + ".main");
        }
    }
}

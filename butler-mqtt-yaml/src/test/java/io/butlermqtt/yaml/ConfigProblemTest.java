package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void toString_leavesOutUnknownParts() {
        assertEquals("a.b (line 3, col 7): bad", new ConfigProblem("a.b", 3, 7, "bad").toString());
        assertEquals("a.b (line 3): bad", new ConfigProblem("a.b", 3, 0, "bad").toString());
        assertEquals("a.b: bad", new ConfigProblem("a.b", 0, 0, "bad").toString());
        assertEquals("line 3, col 7: bad", new ConfigProblem("", 3, 7, "bad").toString());
        assertEquals("bad", new ConfigProblem("", 0, 0, "bad").toString());
    }

    @Test
    void constructor_rejectsNegativePositions() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigProblem("a", -1, 0, "m"));
        assertThrows(NullPointerException.class, () -> new ConfigProblem(null, 1, 1, "m"));
    }

    @Test
    void exception_needsProblems_andCopiesThem() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigException("f.yaml", List.of()));
        List<ConfigProblem> list = new ArrayList<>(List.of(new ConfigProblem("a", 1, 2, "m")));
        ConfigException e = new ConfigException("f.yaml", list);
        list.clear();
        assertEquals(1, e.problems().size());
        assertEquals("Invalid configuration in f.yaml (1 problem):\n  - a (line 1, col 2): m", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> e.problems().clear());
    }
}

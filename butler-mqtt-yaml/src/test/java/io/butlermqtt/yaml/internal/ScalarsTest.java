package io.butlermqtt.yaml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    @Test
    void bool_yaml12CoreSpellingsOnly() throws Exception {
        for (String t : new String[] {"true", "True", "TRUE"}) {
            assertTrue(Scalars.bool(t), t);
        }
        for (String t : new String[] {"false", "False", "FALSE"}) {
            assertFalse(Scalars.bool(t), t);
        }
        for (String t : new String[] {"yes", "Yes", "ON", "y", "no", "Off", "N"}) {
            assertTrue(assertThrows(Scalars.Invalid.class, () -> Scalars.bool(t)).detail.contains("YAML 1.1"), t);
        }
        assertEquals("", assertThrows(Scalars.Invalid.class, () -> Scalars.bool("tru")).detail);
    }

    @Test
    void integer_decimalHexOctalUnderscores() throws Exception {
        assertEquals(1883, Scalars.integer("1883"));
        assertEquals(0, Scalars.integer("0"));
        assertEquals(-5, Scalars.integer("-5"));
        assertEquals(1883, Scalars.integer("+1_883"));
        assertEquals(1883, Scalars.integer("0x75B"));
        assertEquals(448, Scalars.integer("0o700"));
        assertEquals(Integer.MAX_VALUE, Scalars.integer("2147483647"));
    }

    @Test
    void integer_rejectsAmbiguousAndOutOfRange() {
        assertEquals(": YAML 1.1 reads a number with a leading zero as octal, YAML 1.2 (and so Butler) as decimal;"
                + " write 700 (or 0o700 for octal)", assertThrows(Scalars.Invalid.class, () -> Scalars.integer("0700")).detail);
        assertEquals(", which is out of range",
                assertThrows(Scalars.Invalid.class, () -> Scalars.integer("2147483648")).detail);
        assertEquals(", which is out of range",
                assertThrows(Scalars.Invalid.class, () -> Scalars.integer("99999999999999999999999")).detail);
        for (String t : new String[] {"1883.0", "1e3", "abc", "", "0x", "_", "0b101", "12:30"}) {
            assertThrows(Scalars.Invalid.class, () -> Scalars.integer(t), t);
        }
    }

    @Test
    void duration_needsAUnit() throws Exception {
        assertEquals(Duration.ofMillis(500), Scalars.duration("500ms"));
        assertEquals(Duration.ofSeconds(30), Scalars.duration("30s"));
        assertEquals(Duration.ofSeconds(30), Scalars.duration("30 s"));
        assertEquals(Duration.ofMinutes(5), Scalars.duration("5m"));
        assertEquals(Duration.ofHours(1), Scalars.duration("1h"));
        assertEquals(", a number without a unit; add one, such as 30s",
                assertThrows(Scalars.Invalid.class, () -> Scalars.duration("30")).detail);
        for (String t : new String[] {"PT30S", "1.5s", "-1s", "s", "30sec", "9999999999999h"}) {
            assertThrows(Scalars.Invalid.class, () -> Scalars.duration(t), t);
        }
    }
}

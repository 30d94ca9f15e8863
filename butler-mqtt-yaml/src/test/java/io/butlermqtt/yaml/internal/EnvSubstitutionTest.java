package io.butlermqtt.yaml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("HOST", "broker", "EMPTY", "");

    private static EnvSubstitution.Result apply(String text) {
        return EnvSubstitution.apply(text, ENV::get);
    }

    @Test
    void resolves_defaults_escapes() {
        assertEquals("broker.example.com:x", apply("${HOST}.example.com:${MISSING:-x}").value());
        assertEquals(List.of("HOST", "MISSING"), apply("${HOST}.example.com:${MISSING:-x}").variables());
        assertEquals("d", apply("${EMPTY:-d}").value());
        assertEquals("", apply("${EMPTY}").value());
        assertEquals("", apply("${MISSING:-}").value());
        assertEquals("${HOST} costs $5", apply("$${HOST} costs $5").value());
    }

    @Test
    void errors_undefinedUnterminatedInvalid() {
        EnvSubstitution.Result r = apply("${A}${B:-b}${C}");
        assertNull(r.value());
        assertEquals(2, r.errors().size());
        assertEquals("environment variable A is not set and ${A} has no default; set it, or write ${A:-default}",
                r.errors().get(0));
        assertEquals(List.of("unterminated ${ at character 3; expected ${NAME} or ${NAME:-default} (write $${ for a"
                + " literal ${)"), apply("ab${HOST").errors());
        assertEquals(1, apply("${1ABC}").errors().size());
        assertEquals(1, apply("${A-B}").errors().size());
        assertEquals(1, apply("${}").errors().size());
    }
}

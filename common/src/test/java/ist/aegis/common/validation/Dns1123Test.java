package ist.aegis.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Dns1123Test {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "team-a", "a1-b2", "x23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsLabels(String value) {
        assertTrue(Dns1123.isLabel(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "A", "a_b", "a.b", "a/b", "..", "é",
        "x234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsNonLabels(String value) {
        assertFalse(Dns1123.isLabel(value));
    }

    @Test
    void missingFieldMessage() {
        InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> Dns1123.requireLabel("workload", null));
        assertEquals("workload", e.field());
        assertEquals("'workload' is missing: it must be a DNS-1123 label: at most 63 characters, lowercase letters,"
                + " digits and '-', starting and ending with a letter or digit", e.getMessage());
    }

    @Test
    void invalidFieldMessageOmitsValue() {
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> Dns1123.requireLabel("namespace", "Team_A"));
        assertEquals("namespace", e.field());
        assertFalse(e.getMessage().contains("Team_A"));
        assertTrue(e.getMessage().startsWith("'namespace' is invalid: it must be a DNS-1123 label"));
    }
}

package ist.aegis.safe.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class RootKeyTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void ofRejectsWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RootKey.of(new byte[16]));

        assertEquals("a root key must be 32 bytes long, not 16", e.getMessage());
    }

    @Test
    void idDependsOnKeyOnly() {
        byte[] bytes = new byte[RootKey.LENGTH];
        random.nextBytes(bytes);

        assertEquals(RootKey.of(bytes).idHex(), RootKey.of(bytes).idHex());
        assertEquals(16, RootKey.of(bytes).idHex().length());
        assertFalse(RootKey.of(bytes).idHex().equals(RootKey.generate(random).idHex()));
    }

    @Test
    void toStringShowsIdOnly() {
        RootKey key = RootKey.generate(random);

        assertEquals("RootKey[id=" + key.idHex() + "]", key.toString());
    }

    @Test
    void destroyOverwritesKeyBytes() {
        byte[] bytes = new byte[RootKey.LENGTH];
        Arrays.fill(bytes, (byte) 7);
        RootKey key = RootKey.of(bytes);

        key.destroy();

        assertArrayEquals(new byte[RootKey.LENGTH], key.encoded());
    }

    @Test
    void emptySlotThrowsTypedException() {
        RootKeySlot slot = new RootKeySlot();

        RootKeyNotLoadedException e = assertThrows(RootKeyNotLoadedException.class, slot::current);

        assertFalse(slot.isLoaded());
        assertEquals("the root key has not been loaded yet: an administrator loads it with 'aegis --root-key -'"
                + " in the Sentinel pod (POST /sentinel/v1/root-key)", e.getMessage());
    }

    @Test
    void slotLoadsOnce() {
        RootKeySlot slot = new RootKeySlot();
        RootKey first = RootKey.generate(random);

        assertTrue(slot.loadIfEmpty(first));
        assertFalse(slot.loadIfEmpty(RootKey.generate(random)));
        assertSame(first, slot.current());
    }
}

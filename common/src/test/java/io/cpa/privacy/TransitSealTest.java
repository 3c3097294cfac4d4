package io.cpa.privacy;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransitSealTest {
    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    @Test
    void aSealedTextOpensWithTheKeyForItsAnswer() throws Exception {
        TransitSeal seal = new TransitSeal(key());
        String sealed = seal.seal("Where are books lent? Ünïcode ✓", "answer-1");
        assertTrue(sealed.startsWith("v1:"));
        assertFalse(sealed.contains("books"));
        assertEquals("Where are books lent? Ünïcode ✓", seal.open(sealed, "answer-1"));
        assertNotEquals(sealed, seal.seal("Where are books lent? Ünïcode ✓", "answer-1"), "a fresh nonce each time");
    }

    @Test
    void anotherAnswerAnotherKeyOrAlteredBytesAreRejected() {
        byte[] k = key();
        TransitSeal seal = new TransitSeal(k);
        String sealed = seal.seal("yes", "answer-1");
        assertThrows(TransitSeal.UnreadableException.class, () -> seal.open(sealed, "answer-2"), "moved to another answer");
        assertThrows(TransitSeal.UnreadableException.class, () -> new TransitSeal(key()).open(sealed, "answer-1"), "rotated key");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThrows(TransitSeal.UnreadableException.class, () -> seal.open(tampered, "answer-1"), "a flipped bit");
        assertThrows(TransitSeal.UnreadableException.class, () -> seal.open("v1:AAAA", "answer-1"), "too short");
        assertThrows(TransitSeal.UnreadableException.class, () -> seal.open("plain", "answer-1"), "not sealed");
    }

    @Test
    void theKeyMustBe32BytesOfBase64AndIsNeverShown() {
        assertEquals(Optional.empty(), TransitSeal.fromBase64(Optional.of(" ")));
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> TransitSeal.fromBase64(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))));
        assertTrue(shortKey.getMessage().startsWith("cpa.privacy.transit-key: must be 32 bytes"), shortKey.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> TransitSeal.fromBase64(Optional.of("not*base64")));
        assertFalse(bad.getMessage().contains("not*base64"));
        String k = Base64.getEncoder().encodeToString(key());
        assertFalse(TransitSeal.fromBase64(Optional.of(k)).orElseThrow().toString().contains(k));
    }
}

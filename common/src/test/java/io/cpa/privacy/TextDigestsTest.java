package io.cpa.privacy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDigestsTest {
    @Test
    void withoutAKeyItIsPlainSha256() {
        // FIPS 180-2's example
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TextDigests.unkeyed().digest("abc"));
        assertFalse(TextDigests.fromBase64(Optional.empty()).isKeyed());
        assertNull(TextDigests.unkeyed().digest(null));
    }

    @Test
    void withAKeyItIsHmacSha256AsRfc4231Says() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        // RFC 4231, test case 1
        assertEquals("hmac-sha256:b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                TextDigests.keyed(key).digest("Hi There"));
        // test case 6: a 131-byte key (longer than a block, hashed first)
        byte[] key6 = new byte[131];
        Arrays.fill(key6, (byte) 0xaa);
        assertEquals("hmac-sha256:60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                TextDigests.fromBase64(Optional.of(Base64.getEncoder().encodeToString(key6)))
                        .digest("Test Using Larger Than Block-Size Key - Hash Key First"));
    }

    @Test
    void aShortAnswerIsNotGuessableWithoutTheKey() {
        byte[] key = "a key of thirty-two bytes, 32 b!".getBytes(StandardCharsets.UTF_8);
        String keyed = TextDigests.keyed(key).digest("A");
        assertNotEquals(TextDigests.unkeyed().digest("A").substring(7), keyed.substring(12));
        assertEquals(keyed, TextDigests.keyed(key).digest("A"), "equal texts stay equal");
        assertNotEquals(keyed, TextDigests.keyed("another key, thirty-two bytes 32".getBytes(StandardCharsets.UTF_8)).digest("A"));
    }

    @Test
    void aBadKeyIsNamedButNeverShown() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> TextDigests.fromBase64(Optional.of(Base64.getEncoder().encodeToString("short".getBytes()))));
        assertTrue(shortKey.getMessage().startsWith("cpa.privacy.digest-key"), shortKey.getMessage());
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> TextDigests.fromBase64(Optional.of("s3cret!!value")));
        assertFalse(notBase64.getMessage().contains("s3cret"), notBase64.getMessage());
        assertFalse(TextDigests.keyed(new byte[16]).toString().contains("0"), "toString shows no key");
    }
}

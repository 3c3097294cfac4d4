package io.cpa.privacy;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Text sealed for one reader: AES-256-GCM with a random 96-bit nonce and the answer id as associated data, so a
 * ciphertext cannot be moved to another answer unnoticed. The sealed form is {@code v1:} and the base64 of nonce and
 * ciphertext with its 128-bit tag. Whoever holds the key ({@code cpa.privacy.transit-key}, base64 of 32 bytes, on
 * the answer-service and the certainty-service) can read it; a rotated key makes every earlier ciphertext unreadable
 * (crypto-shredding). The key is never shown.
 */
public final class TransitSeal {
    public static final String KEY_NAME = "cpa.privacy.transit-key";
    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public TransitSeal(byte[] key) {
        if (key == null || key.length != 32) throw new IllegalArgumentException(KEY_NAME + ": must be 32 bytes (AES-256)");
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** From the configured key, base64 of 32 bytes; empty when none is configured. A bad key fails naming the key, never its value. */
    public static Optional<TransitSeal> fromBase64(Optional<String> base64Key) {
        if (base64Key.isEmpty() || base64Key.get().isBlank()) return Optional.empty();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.get().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_NAME + ": not base64");
        }
        return Optional.of(new TransitSeal(key));
    }

    /** Thrown when a sealed text cannot be opened: another key (rotated), another answer, or altered bytes. */
    public static final class UnreadableException extends Exception {
        public UnreadableException(String message) {
            super(message);
        }
    }

    public String seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM", e);
        }
    }

    public String open(String sealed, String associatedData) throws UnreadableException {
        if (sealed == null || !sealed.startsWith(VERSION)) throw new UnreadableException("not a v1 sealed text");
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableException("sealed text is not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) throw new UnreadableException("sealed text too short");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableException("sealed text does not open with this key for this answer (rotated key or altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM", e);
        }
    }

    @Override
    public String toString() {
        return "TransitSeal[aes-256-gcm, key=***]";
    }
}

package io.cpa.auth;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The API keys of a service, fixed at start. A presented key is hashed and compared with every configured digest by
 * {@link MessageDigest#isEqual} (constant time in the digest length, and no early exit across keys), so neither a
 * key's content nor its length nor its position in the table leaks through timing.
 */
public final class ApiKeys {
    private final List<ApiKey> keys;

    public ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public List<ApiKey> keys() {
        return keys;
    }

    /** The key a presented secret is, if any. */
    public Optional<ApiKey> identify(String presented) {
        if (presented == null || presented.isEmpty() || keys.isEmpty()) return Optional.empty();
        byte[] candidate = KeyDigest.of(presented);
        ApiKey found = null;
        for (ApiKey k : keys) {
            // every digest is compared, whatever matched before
            if (MessageDigest.isEqual(k.digest(), candidate) && found == null) found = k;
        }
        return Optional.ofNullable(found);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, else null. */
    public static String bearer(String authorization) {
        if (authorization == null) return null;
        String a = authorization.strip();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : null;
    }
}

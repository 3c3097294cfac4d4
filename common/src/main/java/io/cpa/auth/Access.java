package io.cpa.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a request needs: nothing ({@link #open()}), or any one of some roles. A caller's roles are compared after
 * {@link Role#effective} expansion, so admin passes everywhere.
 */
public record Access(boolean isOpen, Set<Role> anyOf) {
    public Access {
        anyOf = anyOf.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(anyOf));
    }

    public static Access open() {
        return new Access(true, Set.of());
    }

    public static Access anyOf(Role first, Role... more) {
        return new Access(false, EnumSet.of(first, more));
    }

    /** Whether a caller holding {@code roles} (expanded or not) may pass. */
    public boolean allows(Set<Role> roles) {
        if (isOpen) return true;
        for (Role r : Role.effective(roles)) if (anyOf.contains(r)) return true;
        return false;
    }
}

package io.cpa.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a caller may do. Every HTTP surface of the three services needs exactly one of these (health and the
 * dashboard's static page excepted); {@link #ADMIN} implies all the others.
 */
public enum Role {
    /** Reads: the dashboard's data, series, ranges, recent answers, alerts, reports, the snapshot stream. */
    VIEWER,
    /** Spends or changes: benchmark runs, studies, alert rules, labels. */
    OPERATOR,
    /** Sends traffic in: the proxy, the ingest API, OTLP traces, labels. */
    INGEST,
    /** Everything, including the metrics of every tenant. */
    ADMIN;

    /** The lower-case name used in configuration, tokens and {@code @RolesAllowed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        if (s == null) throw new IllegalArgumentException("role is missing");
        String t = s.strip().toUpperCase(Locale.ROOT);
        for (Role r : values()) if (r.name().equals(t)) return r;
        throw new IllegalArgumentException("unknown role '" + s.strip() + "' (viewer, operator, ingest, admin)");
    }

    /** The roles a caller holding {@code granted} acts with: admin expands to every role. */
    public static Set<Role> effective(Set<Role> granted) {
        if (granted.contains(ADMIN)) return EnumSet.allOf(Role.class);
        return granted.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(granted);
    }
}

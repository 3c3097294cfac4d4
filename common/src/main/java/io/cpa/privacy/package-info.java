/**
 * Private text: what the services may keep of the prompts, answers, option texts and certainty replies they carry.
 * A {@link io.cpa.privacy.TextPolicy} ({@code keep}, {@code truncate}, {@code none}) is resolved per route and tenant
 * by {@link io.cpa.privacy.TextPolicies} (stricter wins), and applied by {@link io.cpa.privacy.TextPrivacy} where each
 * event is built: text cut to a limit, or replaced by a keyed digest and, for the certainty call only, by
 * {@link io.cpa.privacy.TransitSeal} ciphertext. Each redacted event says what was done in a
 * {@link io.cpa.privacy.TextRedaction}.
 */
package io.cpa.privacy;

/**
 * Who may do what: the roles every HTTP surface requires and the tenants every record belongs to. Plain Java, no
 * framework: the services' security shells map API keys and OpenID Connect tokens onto these.
 */
package io.cpa.auth;

/**
 * The routing table: which upstream serves which model names, with which key, and who is asked the certainty of
 * their answers. One table, read by the answer-service (the proxy forwards each request to the route of its model)
 * and by the certainty-service (each certainty is asked of the answer's own model on its route, or of a judge), from
 * the same configuration keys; see {@link io.cpa.route.ModelRoutes}.
 */
package io.cpa.route;

package io.cpa.certainty.service;

import static io.restassured.RestAssured.given;

/** Reads one sample of the Prometheus endpoint of the running application. */
final class Metrics {
    private Metrics() {}

    /** The sum of the samples whose line starts with {@code name{} and contains every label given (0 when none). */
    static double value(String name, String... labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            boolean all = true;
            for (String l : labels) all &= line.contains(l);
            if (all) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }
}

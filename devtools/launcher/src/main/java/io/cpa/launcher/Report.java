package io.cpa.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./cpa report STUDY_ID [--format md|csv] [--out DIR]}: a study's tables, and with --out its SVG charts. */
final class Report {
    private Report() {}

    /** @param out null = print the tables */
    record Options(String studyId, String format, Path out) {}

    static Options parse(List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("-")) throw new Main.Failure("usage: ./cpa report STUDY_ID [--format md|csv] [--out DIR]");
        String format = "md";
        Path out = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.equals("--format") && !a.equals("--out")) throw new Main.Failure("report: unknown option " + a);
            if (i + 1 >= args.size()) throw new Main.Failure("report: " + a + " needs a value");
            String v = args.get(++i);
            if (a.equals("--format")) format = v;
            else out = Path.of(v);
        }
        if (!format.equals("md") && !format.equals("csv")) throw new Main.Failure("report: --format is md or csv");
        return new Options(args.get(0), format, out);
    }

    /**
     * The chart names a JSON report lists; only names that are safe file names (as the service makes them) are taken,
     * since each becomes a file.
     */
    static List<String> chartNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        for (JsonNode chart : report.path("charts")) {
            String name = chart.path("name").asText("");
            if (name.matches("[a-z0-9._-]+")) names.add(name);
        }
        return names;
    }

    static void run(List<String> args, String analysisUrl, PrintStream stdout) throws IOException {
        Options o = parse(args);
        String base = analysisUrl + "/api/reports/" + URLEncoder.encode(o.studyId(), StandardCharsets.UTF_8);
        Http.Reply tables;
        try {
            tables = Http.get(base + "?format=" + o.format());
        } catch (IOException e) {
            throw new Main.Failure("report: the analysis-service is not reachable at " + analysisUrl + " (set CPA_ANALYSIS_URL)");
        }
        if (tables.status() != 200) throw new Main.Failure("report: " + tables.status() + " " + tables.error());
        if (o.out() == null) {
            stdout.write(tables.body());
            stdout.flush();
            return;
        }
        Path charts = Files.createDirectories(o.out().resolve("charts"));
        Path file = o.out().resolve(o.studyId() + "." + o.format());
        Files.write(file, tables.body());
        int written = 0;
        for (String name : chartNames(Http.get(base + "?format=json").json())) {
            Http.Reply svg = Http.get(base + "/charts/" + name + ".svg");
            if (svg.status() != 200) continue; // as before: the charts that could be fetched are written
            Files.write(charts.resolve(name + ".svg"), svg.body());
            written++;
        }
        Main.say("wrote " + file + " and " + written + " charts in " + charts + "/");
    }
}

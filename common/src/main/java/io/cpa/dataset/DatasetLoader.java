package io.cpa.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads multiple-choice questions from Hugging Face JSONL files. */
public final class DatasetLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetLoader() {}

    public static List<Question> loadResource(String resource, DatasetFormat format) {
        InputStream in = DatasetLoader.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new IllegalArgumentException("no such resource: " + resource);
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return load(r, resource, format);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    public static List<Question> load(Reader reader, String sourceName, DatasetFormat format) throws IOException {
        List<Question> out = new ArrayList<>();
        BufferedReader br = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = br.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            JsonNode node = JSON.readTree(line);
            JsonNode choices = node.path("choices");
            List<ChoiceOption> options = new ArrayList<>();
            for (int i = 0; i < choices.path("label").size(); i++) {
                options.add(new ChoiceOption(choices.path("label").get(i).asText(), choices.path("text").get(i).asText()));
            }
            String gold = node.path("answerKey").asText("");
            out.add(new Question(node.path("id").asText(sourceName + ":" + n), format.datasetName(),
                    node.path("question").asText(), options, gold.isEmpty() ? null : gold));
        }
        return out;
    }
}

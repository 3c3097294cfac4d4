package io.cpa.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyTest {
    @TempDir
    Path dir;

    @Test
    void theRequestCarriesEveryOptionWithDatasetFilesAsAbsolutePaths() throws Exception {
        Files.writeString(dir.resolve("qasc \"odd\".jsonl"), "{}\n");
        Study.Options o = Study.parse(List.of("--dataset", "qasc=qasc \"odd\".jsonl", "--dataset=sample", "--model", "gpt=http://h/v1",
                "--model", "local", "--sample", "50", "--seed", "7", "--limit", "100", "--variants", "cqp, numeric",
                "--temperatures", "0.2,1.0", "--rate", "2.5"));
        JsonNode body = Study.request(o, dir);
        assertThat(Http.JSON.writeValueAsString(body)).isEqualTo("{\"datasets\":["
                + "{\"name\":\"qasc\",\"path\":" + Http.JSON.writeValueAsString(dir.resolve("qasc \"odd\".jsonl").toString())
                + ",\"sample\":50,\"seed\":7,\"limit\":100},"
                + "{\"name\":\"sample\",\"sample\":50,\"seed\":7,\"limit\":100}],"
                + "\"variants\":[\"cqp\",\"numeric\"],\"temperatures\":[0.2,1.0],"
                + "\"models\":[{\"name\":\"gpt\",\"baseUrl\":\"http://h/v1\"},{\"name\":\"local\"}],\"ratePerSecond\":2.5}");
    }

    @Test
    void withoutOptionsItIsTheSampleSetAtTheDefaults() {
        JsonNode body = Study.request(Study.parse(List.of()), dir);
        assertThat(body.toString()).isEqualTo("{\"datasets\":[{\"name\":\"sample\"}],\"variants\":[\"cqp\"],\"temperatures\":[0.2]}");
    }

    @Test
    void badOptionsAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> Study.parse(List.of("--datasets", "x"))).hasMessageContaining("bench: unknown option --datasets");
        assertThatThrownBy(() -> Study.parse(List.of("--sample"))).hasMessageContaining("--sample needs a value");
        assertThatThrownBy(() -> Study.parse(List.of("--sample", "many"))).hasMessageContaining("--sample takes a whole number, got many");
        assertThatThrownBy(() -> Study.request(Study.parse(List.of("--dataset", "qasc=missing.jsonl")), dir))
                .hasMessageContaining("dataset file not readable: missing.jsonl");
    }

    @Test
    void progressShowsTheCellRunningNowAndTheEta() throws Exception {
        JsonNode s = Http.JSON.readTree("{\"state\":\"running\",\"answersDone\":40,\"answersTotal\":300,\"answersFailed\":1,"
                + "\"cellsDone\":1,\"cellsTotal\":2,\"currentCell\":\"m / qasc / T=0.2\",\"ratePerSecond\":3.14,\"etaSeconds\":65}");
        assertThat(Study.progress(s)).isEqualTo("40/300 answers (1 failed), cell 2/2 (m / qasc / T=0.2), 3.1/s, ETA 1m05s");
        JsonNode done = Http.JSON.readTree("{\"answersDone\":300,\"answersTotal\":300,\"cellsDone\":2,\"cellsTotal\":2,\"etaSeconds\":-1}");
        assertThat(Study.progress(done)).isEqualTo("300/300 answers (0 failed), cell 2/2, 0.0/s, ETA ?");
        assertThat(Study.hms(9)).isEqualTo("9s");
        assertThat(Study.hms(3600)).isEqualTo("60m00s");
    }
}

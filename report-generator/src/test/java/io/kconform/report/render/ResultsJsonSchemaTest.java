package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.Expectations;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.Software;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/results-json.schema.json says what kconform writes: every rendering validates, and the schema has teeth. */
class ResultsJsonSchemaTest {

    static final Path SCHEMA = Path.of("..", "docs", "results-json.schema.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The committed schema, ready to validate. */
    static Schema schema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA));
    }

    private static List<Error> errors(JsonNode document) throws Exception {
        return schema().validate(document);
    }

    @Test
    void aReachableAndAnUnreachableTargetValidate() throws Exception {
        JsonNode document = MAPPER.readTree(new JsonReport().toJson(ReportFixture.realistic()));

        assertThat(errors(document)).isEmpty();
        JsonNode unreachable = document.get("targets").get(1);
        assertThat(unreachable.get("error").isTextual()).isTrue();
        assertThat(unreachable.get("checks")).isEmpty();
        assertThat(unreachable.get("apiMatrix")).isEmpty();
        assertThat(unreachable.get("clusterId").isNull()).isTrue();
    }

    @Test
    void aRunWithABaselineExpectedOutcomesAndSoftwareValidates() throws Exception {
        RunReport before = ReportFixture.realistic();
        RunReport now = ReportFixture.run(ReportFixture.target("kafka-4.4").check(check("protocol.produce.acks-all")
                .outcome(Outcome.FAIL)).build().withSoftware(new Software("Apache Kafka", "4.4.0", "launched by kconform")));
        RunReport gated = now.gated(Optional.of(BaselineComparison.of("old/results.json", "0".repeat(64), before,
                now.targets())), Optional.of(new Expectations("expected.yaml", Map.of("protocol.produce.acks-all",
                new Expectations.Expected("protocol.produce.acks-all", Outcome.FAIL, "known", "")))));
        JsonNode document = MAPPER.readTree(new JsonReport().toJson(gated));

        assertThat(errors(document)).isEmpty();
        assertThat(document.at("/targets/0/checks/0/change/regression").booleanValue()).isTrue();
    }

    @Test
    void theSchemaRefusesWhatTheDocsDoNotSay() throws Exception {
        ObjectNode document = (ObjectNode) MAPPER.readTree(new JsonReport().toJson(ReportFixture.realistic()));
        ObjectNode extraKey = document.deepCopy();
        extraKey.put("undocumented", 1);
        ObjectNode unreachableWithChecks = document.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) unreachableWithChecks.get("targets").get(1).get("checks"))
                .add(document.get("targets").get(0).get("checks").get(0));
        ObjectNode emptyClusterId = document.deepCopy();
        ((ObjectNode) emptyClusterId.get("targets").get(0)).put("clusterId", "");

        assertThat(errors(extraKey)).isNotEmpty();
        assertThat(errors(unreachableWithChecks)).isNotEmpty();
        assertThat(errors(emptyClusterId)).isNotEmpty();
    }
}

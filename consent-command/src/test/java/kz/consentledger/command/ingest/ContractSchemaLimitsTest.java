package kz.consentledger.command.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every string the contract's schemas describe is bounded (a length, an enumeration or a
 * format the validator bounds in code) and every array has a {@code maxItems}: a schema
 * that forgets one fails here, before a producer finds it.
 */
class ContractSchemaLimitsTest {

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyStringAndArrayIsBounded(EventType type) throws IOException {
		JsonNode schema;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
			schema = new ObjectMapper().readTree(in);
		}
		List<String> unbounded = new ArrayList<>();
		walk(schema, "", unbounded);
		assertThat(unbounded).as("unbounded in %s", type.ceType()).isEmpty();
	}

	private static void walk(JsonNode node, String path, List<String> unbounded) {
		if (node.isObject()) {
			String type = node.path("type").asText();
			if (type.equals("string") && !node.has("maxLength") && !node.has("enum") && !node.has("const")) {
				unbounded.add(path + ": a string without maxLength");
			}
			if (type.equals("array") && !node.has("maxItems")) {
				unbounded.add(path + ": an array without maxItems");
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				walk(field.getValue(), path + "/" + field.getKey(), unbounded);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				walk(node.get(i), path + "[" + i + "]", unbounded);
			}
		}
	}

}

package kz.consentledger.deploy.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The Compose Specification's JSON Schema (src/test/resources/compose-spec), which
 * {@code docker compose config} applies too: unknown keys are refused everywhere but in
 * {@code x-} extensions.
 */
final class ComposeSchema {

	private static final JsonSchema SCHEMA = load();

	private ComposeSchema() {
	}

	static List<String> problems(Map<String, Object> compose) {
		return SCHEMA.validate(new ObjectMapper().valueToTree(compose))
			.stream()
			.map(ValidationMessage::getMessage)
			.sorted()
			.toList();
	}

	private static JsonSchema load() {
		// Compose's durations are Go's ("10s"), not the ISO 8601 ones of JSON Schema's
		// "duration" format: formats are annotations here, as Compose itself reads them.
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
		try (InputStream in = ComposeSchema.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
			JsonNode schema = new ObjectMapper().readTree(in);
			withoutDraft4Ids(schema);
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema, config);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The schema still marks its parts with draft 4's {@code id}, which its declared
	 * draft (2019-09) does not know and the validator refuses; Compose ignores them too.
	 */
	private static void withoutDraft4Ids(JsonNode node) {
		if (node instanceof ObjectNode object && object.path("id").isTextual()) {
			object.remove("id");
		}
		node.forEach(ComposeSchema::withoutDraft4Ids);
	}

}

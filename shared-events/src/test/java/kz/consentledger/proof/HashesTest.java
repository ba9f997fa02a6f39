package kz.consentledger.proof;

import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form written from a tree is byte for byte the reference implementation's
 * canonical form of the tree's text: every stored hash depends on it.
 */
class HashesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void treeAndTextGiveTheSameBytesOnRandomDocuments() {
		Random random = new Random(8785);
		for (int i = 0; i < 3000; i++) {
			// The reference implementation takes an object or an array at the root.
			ObjectNode document = NODES.objectNode();
			document.set("value", value(random, 0));
			document.set(text(random), value(random, 0));
			assertThat(new String(Hashes.canonical(document)))
				.isEqualTo(new String(Hashes.canonical(JSON.writeValueAsString(document))));
		}
	}

	@Test
	void theRfcsOwnNumberAndEscapeExamples() {
		ObjectNode document = NODES.objectNode();
		document.put("numbers", "see below");
		document.set("literals", NODES.arrayNode().add(NODES.nullNode()).add(true).add(false));
		document.set("values",
				NODES.arrayNode()
					.add(333333333.33333329)
					.add(1E30)
					.add(4.50)
					.add(2e-3)
					.add(0.000000000000000000000000001));
		document.put("string", "\u20ac$\u000f\nA'B\"\\\\\"/");
		document.put("\u00e9", "accent");
		document.put("\ud83d\ude00", "emoji above U+FFFF sorts by its surrogates");
		document.put("\uff61", "a BMP code unit above the surrogates");
		assertThat(new String(Hashes.canonical(document))).isEqualTo("{\"literals\":[null,true,false],"
				+ "\"numbers\":\"see below\",\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\","
				+ "\"values\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"\u00e9\":\"accent\","
				+ "\"\ud83d\ude00\":\"emoji above U+FFFF sorts by its surrogates\","
				+ "\"\uff61\":\"a BMP code unit above the surrogates\"}");
	}

	private static JsonNode value(Random random, int depth) {
		int kind = random.nextInt((depth < 4) ? 9 : 7);
		return switch (kind) {
			case 0 -> NODES.stringNode(text(random));
			case 1 -> NODES.numberNode(random.nextLong() >> random.nextInt(64));
			case 2 -> NODES.numberNode(Double.longBitsToDouble(random.nextLong()) % 1e30);
			case 3 -> NODES.numberNode(random.nextInt(2000) / 8.0 - 100);
			case 4 -> NODES.booleanNode(random.nextBoolean());
			case 5 -> NODES.nullNode();
			case 6 -> NODES.numberNode(Math.pow(10, random.nextInt(50) - 25) * (random.nextBoolean() ? -1 : 1));
			case 7 -> {
				ObjectNode object = NODES.objectNode();
				for (int n = random.nextInt(6); n > 0; n--) {
					object.set(text(random), value(random, depth + 1));
				}
				yield object;
			}
			default -> {
				ArrayNode array = NODES.arrayNode();
				for (int n = random.nextInt(6); n > 0; n--) {
					array.add(value(random, depth + 1));
				}
				yield array;
			}
		};
	}

	/** Controls, quotes, backslashes, Latin, Cyrillic, Kazakh and astral characters. */
	private static String text(Random random) {
		String[] pieces = { "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "\u00e9",
				"\u0416", "\u04d9", "\u20ac", "\u2028", "\ud83d\ude00", "\ufffd", "\uff61" };
		StringBuilder text = new StringBuilder();
		for (int n = random.nextInt(8); n > 0; n--) {
			text.append(pieces[random.nextInt(pieces.length)]);
		}
		return text.toString();
	}

}

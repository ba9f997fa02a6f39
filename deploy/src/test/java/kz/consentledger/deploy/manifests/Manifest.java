package kz.consentledger.deploy.manifests;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One YAML document of a deployment file, with paths into its maps and lists.
 *
 * @param file where it was read
 * @param body the document
 */
record Manifest(Path file, Map<String, Object> body) {

	String kind() {
		return (String) this.body.get("kind");
	}

	String name() {
		return (String) at(this.body, "metadata", "name");
	}

	/**
	 * The value at a path of map keys and list indexes, or null where the path ends
	 * early.
	 */
	static Object at(Object node, Object... path) {
		Object current = node;
		for (Object step : path) {
			if (current instanceof Map<?, ?> map && step instanceof String key) {
				current = map.get(key);
			}
			else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
				current = list.get(index);
			}
			else {
				return null;
			}
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node, Object... path) {
		Object value = at(node, path);
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node, Object... path) {
		Object value = at(node, path);
		return (value instanceof List<?>) ? (List<Object>) value : List.of();
	}

}

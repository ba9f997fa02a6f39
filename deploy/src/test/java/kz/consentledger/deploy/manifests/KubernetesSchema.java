package kz.consentledger.deploy.manifests;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;

/**
 * Kubernetes' API schema, offline, in place of kubeconform (whose schemas come from the
 * internet): the models the official Java client generates from the Kubernetes OpenAPI
 * document refuse a field they do not define and a missing required field, and the values
 * must have the field's type. Gson, which reads them, would take {@code "2"} for a number
 * and {@code 8081} for a string, as the API server does not, so the scalars' types are
 * checked against the models' fields first.
 */
final class KubernetesSchema {

	/** The kinds the manifests may hold, by apiVersion and kind. */
	private static final Map<String, Class<?>> MODELS = Map.of("v1/Namespace", V1Namespace.class, "v1/ConfigMap",
			V1ConfigMap.class, "v1/Service", V1Service.class, "apps/v1/Deployment", V1Deployment.class,
			"apps/v1/StatefulSet", V1StatefulSet.class, "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
			"batch/v1/Job", V1Job.class);

	private static final Gson PLAIN = new Gson();

	private KubernetesSchema() {
	}

	/** What is wrong with one object, by the API's schema; empty when nothing. */
	static List<String> problems(Map<String, Object> object) {
		Class<?> model = MODELS.get(object.get("apiVersion") + "/" + object.get("kind"));
		if (model == null) {
			return List.of("no schema for apiVersion " + object.get("apiVersion") + " kind " + object.get("kind")
					+ " (known: " + MODELS.keySet() + ")");
		}
		List<String> problems = new ArrayList<>();
		scalarTypes(object, model, "", problems);
		if (problems.isEmpty()) {
			try {
				JSON.getGson().fromJson(PLAIN.toJson(object), model);
			}
			catch (IllegalArgumentException | JsonParseException ex) {
				problems.add(ex.getMessage());
			}
		}
		return problems;
	}

	private static void scalarTypes(Object value, Type type, String path, List<String> problems) {
		if (type instanceof ParameterizedType generic) {
			Type[] arguments = generic.getActualTypeArguments();
			if (generic.getRawType() == List.class && value instanceof List<?> items) {
				for (int i = 0; i < items.size(); i++) {
					scalarTypes(items.get(i), arguments[0], path + "[" + i + "]", problems);
				}
			}
			else if (generic.getRawType() == Map.class && value instanceof Map<?, ?> entries) {
				entries.forEach((key, item) -> scalarTypes(item, arguments[1], path + "." + key, problems));
			}
			else {
				problems.add(path + ": " + describe(value) + " where a "
						+ ((generic.getRawType() == List.class) ? "list" : "map") + " is expected");
			}
		}
		else if (type == String.class) {
			expect(value instanceof String, value, "a string", path, problems);
		}
		else if (type == Integer.class || type == Long.class || type == Double.class) {
			expect(value instanceof Number, value, "a number", path, problems);
		}
		else if (type == Boolean.class) {
			expect(value instanceof Boolean, value, "true or false", path, problems);
		}
		else if (type == IntOrString.class) {
			expect(value instanceof Integer || value instanceof String, value, "a number or a name", path, problems);
		}
		else if (type == Quantity.class) {
			expect(value instanceof String || value instanceof Number, value, "a quantity", path, problems);
		}
		else if (type instanceof Class<?> model && value instanceof Map<?, ?> fields) {
			fields.forEach((name, field) -> {
				Field declared = field(model, (String) name);
				if (declared != null) {
					scalarTypes(field, declared.getGenericType(), path + "." + name, problems);
				}
			});
		}
		else if (type instanceof Class<?> && !(value instanceof Map<?, ?>)) {
			problems.add(path + ": " + describe(value) + " where an object is expected");
		}
	}

	/** The model's field of that JSON name; unknown names are the models' own refusal. */
	private static Field field(Class<?> model, String name) {
		for (Field field : model.getDeclaredFields()) {
			SerializedName serialized = field.getAnnotation(SerializedName.class);
			if (!Modifier.isStatic(field.getModifiers()) && serialized != null && serialized.value().equals(name)) {
				return field;
			}
		}
		return null;
	}

	private static void expect(boolean ok, Object value, String expected, String path, List<String> problems) {
		if (!ok) {
			problems.add(path + ": " + describe(value) + " where " + expected + " is expected");
		}
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		String kind = (value instanceof Map<?, ?>) ? "map"
				: (value instanceof List<?>) ? "list" : value.getClass().getSimpleName().toLowerCase();
		return value + " (" + kind + ")";
	}

}

package kz.consentledger.deploy.manifests;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kubernetes.client.custom.Quantity;

import static kz.consentledger.deploy.manifests.Manifest.at;
import static kz.consentledger.deploy.manifests.Manifest.list;
import static kz.consentledger.deploy.manifests.Manifest.map;

/**
 * The project's own rules for its deployment files, beyond what the schemas say: two or
 * more instances of each service, every setting a service cannot do without, probes on
 * the actuator's liveness and readiness, one image tag, secrets only by reference, memory
 * for the measured heap, a disruption budget, kustomizations that list every manifest.
 *
 * @param services each service's settings file ({@code consent-command.yml}, ...)
 * @param secretVariables the variables the images' entrypoint also reads from a
 * {@code NAME_FILE}
 * @param version the images' tag: the project's version
 */
record DeploymentInvariants(Map<String, String> services, Set<String> secretVariables, String version) {

	static final String COMMAND = "consent-command";

	static final String QUERY = "consent-query";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	/** Empty means the bundled calendar data, and a ledger that is not sharded. */
	private static final Set<String> OPTIONAL = Set.of("LEDGER_CALENDAR_FILE", "LEDGER_SHARD");

	/**
	 * Bound by Spring's relaxed binding rather than a placeholder; the command service
	 * does not start without a trust anchor, and its witness is the layout's.
	 */
	private static final Map<String, Set<String>> BOUND = Map.of(COMMAND,
			Set.of("LEDGER_PROOF_TRUSTEDKEYS_0", "LEDGER_PROOF_WITNESSES_0_URL", "LEDGER_PROOF_WITNESSES_0_VKEY"),
			QUERY, Set.of());

	/**
	 * Their defaults make the app role the owner: migrations must run as the owner, and
	 * only they (docs/scaling.md).
	 */
	private static final Set<String> OWNER = Set.of("LEDGER_DB_OWNER_USER", "LEDGER_DB_OWNER_PASSWORD");

	private static final String MIGRATIONS = "LEDGER_DB_MIGRATIONS";

	/** The Kubernetes Job, and the suffix of the compose services, that migrate. */
	static final String MIGRATIONS_JOB = "ledger-migrations";

	private static final String MIGRATIONS_SUFFIX = "-migrations";

	private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|MASTER_KEY|TOKEN|PRIVATE");

	private static final Pattern HEAP = Pattern.compile("-Xmx(\\d+)([kmg])", Pattern.CASE_INSENSITIVE);

	/**
	 * The measured RSS reached 780 MiB with a 512 MiB heap (docs/benchmarks.md): 1.6
	 * times the heap leaves a margin over it.
	 */
	private static final BigDecimal MEMORY_PER_HEAP = new BigDecimal("1.6");

	private static final String IMAGE_PREFIX = "consent-ledger/";

	static DeploymentInvariants ofProject() {
		Path root = DeploymentFiles.ROOT;
		Matcher names = Pattern.compile("for name in ([A-Z_ ]+); do")
			.matcher(DeploymentFiles.read(root.resolve("deploy/compose/entrypoint.sh")));
		Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
			.matcher(DeploymentFiles.read(root.resolve("deploy/pom.xml")));
		if (!names.find() || !version.find()) {
			throw new IllegalStateException("entrypoint.sh or deploy/pom.xml changed shape");
		}
		return new DeploymentInvariants(Map.of(COMMAND,
				DeploymentFiles.read(root.resolve("consent-command/src/main/resources/consent-command.yml")), QUERY,
				DeploymentFiles.read(root.resolve("consent-query/src/main/resources/consent-query.yml"))),
				Set.of(names.group(1).trim().split(" +")), version.group(1).replace("-SNAPSHOT", ""));
	}

	/**
	 * The environment variables a service needs set outside a developer's machine: those
	 * without a default, with an empty one, or with one that only fits {@code run.sh}
	 * (localhost, the demo credentials, a key file in the working directory).
	 */
	Set<String> required(String service) {
		Set<String> required = new LinkedHashSet<>();
		Matcher placeholder = PLACEHOLDER.matcher(this.services.get(service));
		while (placeholder.find()) {
			String name = placeholder.group(1);
			String fallback = placeholder.group(2);
			boolean none = (fallback == null || fallback.isEmpty()) && !OPTIONAL.contains(name);
			boolean local = fallback != null
					&& (fallback.contains("localhost") || fallback.equals("ledger") || fallback.endsWith(".pem"));
			if (none || local) {
				required.add(name);
			}
		}
		required.addAll(BOUND.get(service));
		return required;
	}

	/**
	 * What the run that migrates a service's schema needs: its variables and the owner's.
	 */
	Set<String> requiredToMigrate(String service) {
		Set<String> required = new LinkedHashSet<>(required(service));
		required.addAll(OWNER);
		return required;
	}

	List<String> kubernetes(List<Manifest> manifests) {
		List<String> problems = new ArrayList<>();
		Map<String, String> shared = new HashMap<>();
		for (Manifest manifest : manifests) {
			if ("Secret".equals(manifest.kind())) {
				problems.add(manifest.file() + ": Secret " + manifest.name()
						+ " holds values; create Secrets outside the manifests and reference them");
			}
			if ("ConfigMap".equals(manifest.kind())) {
				// The ConfigMap itself, held even when it has no data yet.
				shared.put(manifest.name() + "/", "");
				map(manifest.body(), "data").forEach((key, value) -> {
					if (SECRET_NAME.matcher(key).find()) {
						problems
							.add("ConfigMap " + manifest.name() + " holds " + key + ": a secret belongs in a Secret");
					}
					shared.put(manifest.name() + "/" + key, String.valueOf(value));
				});
			}
			for (Object container : podContainers(manifest)) {
				image((String) at(container, "image"), manifest.name(), problems);
			}
		}
		Manifest job = find(manifests, "Job", MIGRATIONS_JOB);
		if (job == null) {
			problems.add("no Job " + MIGRATIONS_JOB + ": the services' schemas are migrated by it alone");
		}
		for (String service : this.services.keySet()) {
			Manifest deployment = find(manifests, "Deployment", service);
			if (deployment == null) {
				problems.add("no Deployment " + service);
				continue;
			}
			Object replicas = at(deployment.body(), "spec", "replicas");
			if (!(replicas instanceof Integer count) || count < 2) {
				problems.add("Deployment " + service + " runs " + replicas + " replicas: at least 2");
			}
			Object container = at(deployment.body(), "spec", "template", "spec", "containers", 0);
			Map<String, String> environment = podEnvironment(container, shared, problems);
			missing(service, required(service), environment.keySet(), Set.of(), problems);
			serves(service, environment, problems);
			if (job != null) {
				Object migration = podContainers(job).stream()
					.filter((candidate) -> String.valueOf(at(candidate, "image"))
						.startsWith(IMAGE_PREFIX + service + ":"))
					.findFirst()
					.orElse(null);
				if (migration == null) {
					problems.add("Job " + MIGRATIONS_JOB + " does not migrate " + service);
				}
				else {
					secretsFromSecrets(MIGRATIONS_JOB + "/" + service, migration, problems);
					Map<String, String> migrating = podEnvironment(migration, shared, problems);
					missing(MIGRATIONS_JOB + "/" + service, requiredToMigrate(service), migrating.keySet(), Set.of(),
							problems);
					migrates(MIGRATIONS_JOB + "/" + service, migrating.get(MIGRATIONS), problems);
				}
			}
			secretsFromSecrets(service, container, problems);
			for (Object source : list(container, "envFrom")) {
				if (at(source, "secretRef") != null) {
					problems.add(service + " imports Secret " + at(source, "secretRef", "name")
							+ " whole (envFrom): name each variable it needs");
				}
			}
			for (Object volume : list(deployment.body(), "spec", "template", "spec", "volumes")) {
				if ("ledger-db".equals(at(volume, "secret", "secretName"))) {
					problems.add(service + " mounts Secret ledger-db, which holds the owner's password");
				}
			}
			probes(service, container, environment.get("SERVER_PORT"), problems);
			Object limit = at(container, "resources", "limits", "memory");
			if (at(container, "resources", "requests", "memory") == null || limit == null) {
				problems.add(service + ": no memory request or limit");
			}
			else {
				memory(service, Quantity.fromString(String.valueOf(limit)).getNumber(), environment.get("JAVA_OPTS"),
						problems);
			}
			disruptionBudget(service, deployment, manifests, problems);
		}
		return problems;
	}

	List<String> compose(Map<String, Object> compose) {
		List<String> problems = new ArrayList<>();
		map(compose, "services").forEach((name, service) -> image((String) at(service, "image"), name, problems));
		map(compose, "secrets").forEach((name, secret) -> {
			if (at(secret, "file") == null) {
				problems.add("compose secret " + name + " is not a file");
			}
		});
		for (String name : this.services.keySet()) {
			Map<String, Object> service = map(compose, "services", name);
			Object replicas = at(service, "deploy", "replicas");
			if (!(replicas instanceof Integer count) || count < 2) {
				problems.add("compose service " + name + " runs " + replicas + " replicas: at least 2");
			}
			Map<String, Object> environment = map(service, "environment");
			missing(name, required(name), environment.keySet(), composeSecrets(name, environment, problems), problems);
			Map<String, String> values = new HashMap<>();
			environment.forEach((variable, value) -> values.put(variable, String.valueOf(value)));
			serves(name, values, problems);
			if (list(service, "secrets").contains("db-owner-password")) {
				problems.add("compose service " + name + " mounts db-owner-password: only the migrations do");
			}
			String migrations = name + MIGRATIONS_SUFFIX;
			if (!"service_completed_successfully".equals(at(service, "depends_on", migrations, "condition"))) {
				problems.add("compose service " + name + " does not wait for " + migrations + " to complete");
			}
			Map<String, Object> migration = map(compose, "services", migrations);
			if (migration.isEmpty()) {
				problems.add("no compose service " + migrations + " migrates " + name);
			}
			else {
				Map<String, Object> migrating = map(migration, "environment");
				missing(migrations, requiredToMigrate(name), migrating.keySet(),
						composeSecrets(migrations, migrating, problems), problems);
				migrates(migrations, String.valueOf(migrating.get(MIGRATIONS)), problems);
			}
			String port = String.valueOf(environment.get("SERVER_PORT"));
			String healthcheck = String.valueOf(at(service, "healthcheck", "test"));
			if (!healthcheck.contains("localhost:" + port + "/actuator/health/readiness")) {
				problems
					.add(name + ": the health check " + healthcheck + " does not ask the readiness of port " + port);
			}
			Object limit = at(service, "deploy", "resources", "limits", "memory");
			memory(name, (limit == null) ? BigDecimal.ZERO : bytes(String.valueOf(limit)),
					String.valueOf(environment.get("JAVA_OPTS")), problems);
		}
		if (!"service_completed_successfully".equals(at(compose, "services", QUERY + MIGRATIONS_SUFFIX, "depends_on",
				COMMAND + MIGRATIONS_SUFFIX, "condition"))) {
			problems.add(QUERY + MIGRATIONS_SUFFIX + " does not wait for " + COMMAND + MIGRATIONS_SUFFIX
					+ ": the ledger's schema is migrated first");
		}
		return problems;
	}

	/**
	 * The variables a compose service reads from secret files ({@code NAME_FILE} under
	 * /run/secrets); a secret written in the file is a problem.
	 */
	private Set<String> composeSecrets(String name, Map<String, Object> environment, List<String> problems) {
		Set<String> fromFiles = new HashSet<>();
		environment.forEach((variable, value) -> {
			if (variable.endsWith("_FILE") && this.secretVariables.contains(variable.replace("_FILE", ""))) {
				fromFiles.add(variable.replace("_FILE", ""));
				if (!String.valueOf(value).startsWith("/run/secrets/")) {
					problems.add(name + ": " + variable + " is not a compose secret (/run/secrets/...)");
				}
			}
			else if (SECRET_NAME.matcher(variable).find()) {
				problems.add(name + ": " + variable + " is written in compose.yaml; mount it as a secret file");
			}
		});
		return fromFiles;
	}

	/** Every kustomization lists exactly the manifests of its directory. */
	List<String> kustomizations(Path directory) {
		List<String> problems = new ArrayList<>();
		for (Path kustomization : DeploymentFiles.yamlFiles(directory)) {
			if (!kustomization.getFileName().toString().equals("kustomization.yaml")) {
				continue;
			}
			Set<Object> listed = new HashSet<>(list(DeploymentFiles.load(kustomization).get(0).body(), "resources"));
			Set<Object> present = new HashSet<>();
			for (Path file : DeploymentFiles.yamlFiles(kustomization.getParent())) {
				if (file.getParent().equals(kustomization.getParent()) && !file.equals(kustomization)) {
					present.add(file.getFileName().toString());
				}
			}
			if (!listed.equals(present)) {
				problems.add(kustomization + " lists " + listed + ", the directory holds " + present);
			}
			listed.stream()
				.filter((file) -> !Files.exists(kustomization.resolveSibling(String.valueOf(file))))
				.forEach((file) -> problems.add(kustomization + " lists a missing " + file));
		}
		return problems;
	}

	/**
	 * A serving instance checks that its schema is migrated and never holds the owner's
	 * credentials: a process open to HTTP and Kafka could otherwise alter the evidence's
	 * tables.
	 */
	private static void serves(String service, Map<String, String> environment, List<String> problems) {
		if (!"validate".equals(environment.get(MIGRATIONS))) {
			problems.add(service + ": " + MIGRATIONS + " is " + environment.get(MIGRATIONS)
					+ "; a serving instance validates (the migrations run alone, as the owner)");
		}
		OWNER.stream()
			.filter((variable) -> environment.containsKey(variable) || environment.containsKey(variable + "_FILE"))
			.forEach((variable) -> problems.add(service + " is given " + variable + ": only the migrations are"));
	}

	private static void migrates(String run, String mode, List<String> problems) {
		if (!"only".equals(mode)) {
			problems.add(run + ": " + MIGRATIONS + " is " + mode + "; the migrations run with only, then exit");
		}
	}

	private static void secretsFromSecrets(String owner, Object container, List<String> problems) {
		for (Object variable : list(container, "env")) {
			String name = (String) at(variable, "name");
			if (SECRET_NAME.matcher(name).find() && at(variable, "valueFrom", "secretKeyRef") == null) {
				problems.add(owner + ": " + name + " is not taken from a Secret (valueFrom.secretKeyRef)");
			}
		}
	}

	/** A pod's init containers and containers. */
	private static List<Object> podContainers(Manifest manifest) {
		List<Object> containers = new ArrayList<>(list(manifest.body(), "spec", "template", "spec", "initContainers"));
		containers.addAll(list(manifest.body(), "spec", "template", "spec", "containers"));
		return containers;
	}

	private void missing(String service, Set<String> required, Set<String> set, Set<String> fromFiles,
			List<String> problems) {
		for (String variable : required) {
			if (!set.contains(variable) && !fromFiles.contains(variable)) {
				problems.add(service + " needs " + variable + " and it is not set");
			}
		}
	}

	/** The container's variables: its env, and the keys of the ConfigMaps it imports. */
	private static Map<String, String> podEnvironment(Object container, Map<String, String> shared,
			List<String> problems) {
		Map<String, String> environment = new HashMap<>();
		for (Object source : list(container, "envFrom")) {
			String configMap = (String) at(source, "configMapRef", "name");
			if (shared.keySet().stream().noneMatch((key) -> key.startsWith(configMap + "/"))) {
				problems.add("envFrom names ConfigMap " + configMap + ", which the manifests do not hold");
			}
			shared.forEach((key, value) -> {
				if (key.startsWith(configMap + "/") && key.length() > configMap.length() + 1) {
					environment.put(key.substring(configMap.length() + 1), value);
				}
			});
		}
		for (Object variable : list(container, "env")) {
			environment.put((String) at(variable, "name"), Objects.toString(at(variable, "value"), null));
		}
		return environment;
	}

	private static void probes(String service, Object container, String port, List<String> problems) {
		Map<String, String> paths = Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe",
				"/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
		paths.forEach((probe, path) -> {
			Object actual = at(container, probe, "httpGet", "path");
			Object target = at(container, probe, "httpGet", "port");
			Object portNumber = list(container, "ports").stream()
				.filter((p) -> Objects.equals(at(p, "name"), target) || Objects.equals(at(p, "containerPort"), target))
				.map((p) -> at(p, "containerPort"))
				.findFirst()
				.orElse(null);
			if (!path.equals(actual) || !String.valueOf(portNumber).equals(port)) {
				problems.add(service + ": " + probe + " asks " + actual + " on port " + portNumber + ", not " + path
						+ " on the service's port " + port);
			}
		});
	}

	private static void memory(String service, BigDecimal limit, String javaOptions, List<String> problems) {
		Matcher heap = HEAP.matcher(String.valueOf(javaOptions));
		if (!heap.find()) {
			problems.add(service + ": no -Xmx in JAVA_OPTS");
			return;
		}
		BigDecimal bytes = bytes(heap.group(1) + heap.group(2));
		if (limit.compareTo(bytes.multiply(MEMORY_PER_HEAP)) < 0) {
			problems
				.add(service + ": a memory limit of " + limit + " bytes is under 1.6 times the heap (" + bytes + ")");
		}
	}

	private static BigDecimal bytes(String size) {
		Matcher matcher = Pattern.compile("(\\d+)([kmg]?)b?", Pattern.CASE_INSENSITIVE).matcher(size);
		if (!matcher.matches()) {
			return BigDecimal.ZERO;
		}
		String unit = matcher.group(2).toLowerCase();
		int power = unit.isEmpty() ? 0 : "kmg".indexOf(unit) + 1;
		return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
	}

	private static void disruptionBudget(String service, Manifest deployment, List<Manifest> manifests,
			List<String> problems) {
		Manifest budget = find(manifests, "PodDisruptionBudget", service);
		Map<String, Object> labels = map(deployment.body(), "spec", "template", "metadata", "labels");
		if (budget == null
				|| !labels.entrySet().containsAll(map(budget.body(), "spec", "selector", "matchLabels").entrySet())
				|| map(budget.body(), "spec", "selector", "matchLabels").isEmpty()) {
			problems.add("no PodDisruptionBudget selects the pods of " + service);
		}
		else if (!(at(budget.body(), "spec", "minAvailable") instanceof Integer minimum)
				|| !(at(deployment.body(), "spec", "replicas") instanceof Integer replicas) || minimum >= replicas) {
			problems.add("PodDisruptionBudget " + service + " must leave at least one pod to evict");
		}
	}

	private void image(String image, String owner, List<String> problems) {
		if (image != null && image.startsWith(IMAGE_PREFIX) && !image.endsWith(":" + this.version)) {
			problems.add(owner + " runs " + image + ": every image of the ledger is tagged " + this.version);
		}
	}

	private static Manifest find(List<Manifest> manifests, String kind, String name) {
		return manifests.stream()
			.filter((manifest) -> kind.equals(manifest.kind()) && name.equals(manifest.name()))
			.findFirst()
			.orElse(null);
	}

}

package kz.consentledger.deploy.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static kz.consentledger.deploy.manifests.DeploymentInvariants.COMMAND;
import static kz.consentledger.deploy.manifests.DeploymentInvariants.QUERY;
import static kz.consentledger.deploy.manifests.Manifest.list;
import static kz.consentledger.deploy.manifests.Manifest.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Compose file and the Kubernetes manifests of the multi-instance layout
 * (docs/scaling.md) are valid by their schemas, offline, and keep the project's rules;
 * each check is shown to refuse a broken copy.
 */
class DeploymentManifestsTest {

	private final DeploymentInvariants invariants = DeploymentInvariants.ofProject();

	@Test
	void kubernetesManifestsFollowTheApiSchema() {
		List<Manifest> manifests = DeploymentFiles.kubernetes();
		assertThat(manifests).extracting(Manifest::kind)
			.contains("Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "StatefulSet");
		for (Manifest manifest : manifests) {
			assertThat(KubernetesSchema.problems(manifest.body())).as(manifest.file() + " " + manifest.name())
				.isEmpty();
		}
	}

	@Test
	void theKubernetesSchemaRefusesAMisspeltField() {
		assertThat(kubernetesProblems((deployment) -> map(deployment, "spec").put("replica", 2)))
			.anySatisfy((problem) -> assertThat(problem).contains("`replica`"));
		assertThat(kubernetesProblems((deployment) -> container(deployment).put("imagePullPolicyy", "Always")))
			.anySatisfy((problem) -> assertThat(problem).contains("`imagePullPolicyy`", "V1Container"));
	}

	@Test
	void theKubernetesSchemaRefusesAWrongType() {
		assertThat(kubernetesProblems((deployment) -> map(deployment, "spec").put("replicas", "2")))
			.containsExactly(".spec.replicas: 2 (string) where a number is expected");
		assertThat(kubernetesProblems((deployment) -> container(deployment).put("ports", Map.of("name", "http"))))
			.containsExactly(".spec.template.spec.containers[0].ports: {name=http} (map) where a list is expected");
		assertThat(
				kubernetesProblems((deployment) -> map(list(container(deployment), "env").get(0)).put("value", 8081)))
			.containsExactly(
					".spec.template.spec.containers[0].env[0].value: 8081 (integer) where a string is expected");
	}

	@Test
	void theKubernetesSchemaRefusesAMissingRequiredField() {
		assertThat(kubernetesProblems((deployment) -> container(deployment).remove("name")))
			.anySatisfy((problem) -> assertThat(problem).contains("required field `name`"));
		assertThat(kubernetesProblems((deployment) -> map(deployment, "spec").remove("selector")))
			.anySatisfy((problem) -> assertThat(problem).contains("required field `selector`"));
	}

	@Test
	void composeFileFollowsTheComposeSpecification() {
		assertThat(ComposeSchema.problems(DeploymentFiles.compose())).isEmpty();
	}

	@Test
	void theComposeSchemaRefusesMisspeltWrongAndMissing() {
		Map<String, Object> misspelt = DeploymentFiles.compose();
		Map<String, Object> command = map(misspelt, "services", COMMAND);
		command.put("enviroment", command.remove("environment"));
		assertThat(ComposeSchema.problems(misspelt))
			.anySatisfy((problem) -> assertThat(problem).contains("enviroment"));

		Map<String, Object> wrong = DeploymentFiles.compose();
		map(wrong, "services", QUERY, "deploy").put("replicas", "two");
		assertThat(ComposeSchema.problems(wrong)).anySatisfy((problem) -> assertThat(problem).contains("replicas"));

		Map<String, Object> missing = DeploymentFiles.compose();
		map(missing, "services", COMMAND, "depends_on", "kafka-topics").remove("condition");
		assertThat(ComposeSchema.problems(missing)).anySatisfy((problem) -> assertThat(problem).contains("condition"));
	}

	@Test
	void theFilesKeepTheProjectsRules() {
		assertThat(this.invariants.kubernetes(DeploymentFiles.kubernetes())).isEmpty();
		assertThat(this.invariants.compose(DeploymentFiles.compose())).isEmpty();
		assertThat(this.invariants.kustomizations(DeploymentFiles.KUBERNETES)).isEmpty();
	}

	/** What the rules are checked against: a service's settings as its yml reads them. */
	@Test
	void eachServiceNeedsItsDatabaseKafkaKeysAndTrust() {
		assertThat(this.invariants.required(COMMAND))
			.contains("LEDGER_DB_URL", "LEDGER_DB_USER", "LEDGER_DB_PASSWORD", "LEDGER_KAFKA_BOOTSTRAP",
					"LEDGER_MASTER_KEY", "LEDGER_SIGNING_KEY_FILE", "LEDGER_PROOF_TRUSTEDKEYS_0",
					"LEDGER_PROOF_WITNESSES_0_URL")
			.doesNotContain("LEDGER_CALENDAR_FILE", "LEDGER_KAFKA_TOPIC", "SERVER_PORT", "LEDGER_DB_OWNER_PASSWORD");
		assertThat(this.invariants.requiredToMigrate(COMMAND)).contains("LEDGER_DB_OWNER_USER",
				"LEDGER_DB_OWNER_PASSWORD", "LEDGER_DB_URL");
		assertThat(this.invariants.required(QUERY)).contains("LEDGER_DB_URL", "LEDGER_MASTER_KEY",
				"LEDGER_SIGNING_KEY_FILE");
	}

	@Test
	void theKubernetesRulesRefuseBrokenManifests() {
		assertThat(brokenKubernetes((deployment) -> map(deployment, "spec").put("replicas", 1))).contains(
				"Deployment consent-command runs 1 replicas: at least 2",
				"PodDisruptionBudget consent-command must leave at least one pod to evict");
		assertThat(brokenKubernetes((deployment) -> list(container(deployment), "env")
			.removeIf((variable) -> "LEDGER_MASTER_KEY".equals(map(variable).get("name")))))
			.contains("consent-command needs LEDGER_MASTER_KEY and it is not set");
		assertThat(brokenKubernetes((deployment) -> list(container(deployment), "env")
			.add(Map.of("name", "LEDGER_DB_PASSWORD", "value", "ledger"))))
			.contains("consent-command: LEDGER_DB_PASSWORD is not taken from a Secret (valueFrom.secretKeyRef)");
		assertThat(brokenKubernetes((deployment) -> map(container(deployment), "livenessProbe", "httpGet").put("path",
				"/actuator/health/readiness")))
			.anySatisfy((problem) -> assertThat(problem).startsWith("consent-command: livenessProbe asks"));
		assertThat(brokenKubernetes(
				(deployment) -> container(deployment).put("image", "consent-ledger/consent-command:latest")))
			.anySatisfy((problem) -> assertThat(problem).contains("every image of the ledger is tagged"));
		assertThat(brokenKubernetes(
				(deployment) -> map(container(deployment), "resources", "limits").put("memory", "600Mi")))
			.anySatisfy((problem) -> assertThat(problem).contains("under 1.6 times the heap"));
		assertThat(brokenKubernetes(
				(deployment) -> list(container(deployment), "env").add(Map.of("name", "LEDGER_DB_OWNER_PASSWORD",
						"valueFrom", Map.of("secretKeyRef", Map.of("name", "ledger-db", "key", "owner-password"))))))
			.contains("consent-command is given LEDGER_DB_OWNER_PASSWORD: only the migrations are");
		assertThat(brokenKubernetes((deployment) -> list(container(deployment), "env")
			.add(Map.of("name", "LEDGER_DB_MIGRATIONS", "value", "migrate")))).anySatisfy(
					(problem) -> assertThat(problem).startsWith("consent-command: LEDGER_DB_MIGRATIONS is migrate"));
		List<Manifest> migratingTwice = DeploymentFiles.kubernetes();
		Map<String, Object> job = migratingTwice.stream()
			.filter((manifest) -> "Job".equals(manifest.kind()))
			.findFirst()
			.orElseThrow()
			.body();
		list(map(job, "spec", "template", "spec", "initContainers", 0), "env")
			.replaceAll((variable) -> "LEDGER_DB_MIGRATIONS".equals(map(variable).get("name"))
					? Map.of("name", "LEDGER_DB_MIGRATIONS", "value", "migrate") : variable);
		assertThat(this.invariants.kubernetes(migratingTwice)).contains(
				"ledger-migrations/consent-command: LEDGER_DB_MIGRATIONS is migrate; the migrations run with only, then exit");
		List<Manifest> withoutJob = new ArrayList<>(DeploymentFiles.kubernetes());
		withoutJob.removeIf((manifest) -> "Job".equals(manifest.kind()));
		assertThat(this.invariants.kubernetes(withoutJob))
			.anySatisfy((problem) -> assertThat(problem).startsWith("no Job ledger-migrations"));
		List<Manifest> withSecret = new ArrayList<>(DeploymentFiles.kubernetes());
		withSecret.add(new Manifest(DeploymentFiles.KUBERNETES.resolve("secret.yaml"),
				Map.of("kind", "Secret", "metadata", Map.of("name", "ledger-db"))));
		assertThat(this.invariants.kubernetes(withSecret))
			.anySatisfy((problem) -> assertThat(problem).contains("Secret ledger-db holds values"));
	}

	@Test
	void theComposeRulesRefuseABrokenFile() {
		Map<String, Object> compose = DeploymentFiles.compose();
		Map<String, Object> command = map(compose, "services", COMMAND);
		map(command, "deploy").put("replicas", 1);
		map(command, "environment").remove("LEDGER_KAFKA_BOOTSTRAP");
		map(command, "environment").put("LEDGER_MASTER_KEY", "c2VjcmV0");
		map(command, "environment").remove("LEDGER_MASTER_KEY_FILE");
		map(compose, "services", QUERY).put("image", "consent-ledger/consent-query:0.0.9");
		map(compose, "services", QUERY, "environment").put("LEDGER_DB_OWNER_PASSWORD_FILE",
				"/run/secrets/db-owner-password");
		map(compose, "services", COMMAND + "-migrations", "environment").remove("LEDGER_DB_OWNER_PASSWORD_FILE");
		map(compose, "services", QUERY, "depends_on").remove(QUERY + "-migrations");
		assertThat(this.invariants.compose(compose)).contains(
				"consent-query is given LEDGER_DB_OWNER_PASSWORD: only the migrations are",
				"consent-command-migrations needs LEDGER_DB_OWNER_PASSWORD and it is not set",
				"compose service consent-query does not wait for consent-query-migrations to complete",
				"compose service consent-command runs 1 replicas: at least 2",
				"consent-command needs LEDGER_KAFKA_BOOTSTRAP and it is not set",
				"consent-command: LEDGER_MASTER_KEY is written in compose.yaml; mount it as a secret file",
				"consent-query runs consent-ledger/consent-query:0.0.9: every image of the ledger is tagged "
						+ this.invariants.version());
	}

	/** The schema's answer for the command service's Deployment after a change. */
	private static List<String> kubernetesProblems(Consumer<Map<String, Object>> change) {
		return KubernetesSchema.problems(changedCommandDeployment(DeploymentFiles.kubernetes(), change));
	}

	private List<String> brokenKubernetes(Consumer<Map<String, Object>> change) {
		List<Manifest> manifests = DeploymentFiles.kubernetes();
		changedCommandDeployment(manifests, change);
		return this.invariants.kubernetes(manifests);
	}

	private static Map<String, Object> changedCommandDeployment(List<Manifest> manifests,
			Consumer<Map<String, Object>> change) {
		Map<String, Object> deployment = manifests.stream()
			.filter((manifest) -> "Deployment".equals(manifest.kind()) && COMMAND.equals(manifest.name()))
			.findFirst()
			.orElseThrow()
			.body();
		change.accept(deployment);
		return deployment;
	}

	private static Map<String, Object> container(Map<String, Object> deployment) {
		return map(deployment, "spec", "template", "spec", "containers", 0);
	}

}

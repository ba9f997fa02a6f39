package kz.consentledger.deploy.manifests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files as their tools read them: {@code deploy/compose/compose.yaml} and
 * every manifest under {@code deploy/k8s} (YAML merge keys resolved, a duplicate key
 * refused).
 */
final class DeploymentFiles {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.yaml");

	static final Path KUBERNETES = ROOT.resolve("deploy/k8s");

	private DeploymentFiles() {
	}

	static Map<String, Object> compose() {
		return load(COMPOSE).get(0).body();
	}

	/** Every Kubernetes object of the manifests (kustomizations aside). */
	static List<Manifest> kubernetes() {
		List<Manifest> manifests = new ArrayList<>();
		for (Path file : yamlFiles(KUBERNETES)) {
			if (!file.getFileName().toString().equals("kustomization.yaml")) {
				manifests.addAll(load(file));
			}
		}
		return manifests;
	}

	static List<Path> yamlFiles(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((file) -> file.toString().endsWith(".yaml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static List<Manifest> load(Path file) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		List<Manifest> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object document : new Yaml(options).loadAll(reader)) {
				if (document != null) {
					documents.add(new Manifest(file, (Map<String, Object>) document));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

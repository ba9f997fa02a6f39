package kz.consentledger.deploy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several instances of one service sharing the database and the broker
 * ({@code --instances}, the 2 + 2 layout of issue 29), each on a port of its own ten
 * apart, started at once as a deployment's replicas are. The first answers the probes;
 * memory figures are the largest instance's, since the target holds per instance.
 */
final class Instances implements AutoCloseable {

	private static final int PORT_STEP = 10;

	private final List<Service> services;

	private Instances(List<Service> services) {
		this.services = services;
	}

	/**
	 * @param log the first instance's log; the others' get {@code -2}, {@code -3}, …
	 * before the extension
	 */
	static Instances start(int count, String name, Path jar, int port, List<String> jvmOptions,
			Map<String, String> environment, Path log) throws IOException, InterruptedException {
		List<Service> services = new ArrayList<>();
		Instances instances = new Instances(services);
		try {
			for (int i = 0; i < count; i++) {
				String file = log.getFileName().toString();
				Path own = (i == 0) ? log : log.resolveSibling(file.replaceFirst("(\\.log)?$", "-" + (i + 1) + "$1"));
				services.add(Service.launch(name, jar, port + i * PORT_STEP, jvmOptions, environment, own));
			}
			for (Service service : services) {
				service.awaitHealthy();
			}
			return instances;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			instances.close();
			throw ex;
		}
	}

	Service first() {
		return this.services.get(0);
	}

	double heapAfterGcMib() throws IOException, InterruptedException {
		double largest = 0;
		for (Service service : this.services) {
			largest = Math.max(largest, service.heapAfterGcMib());
		}
		return largest;
	}

	double rssMib() throws IOException {
		double largest = 0;
		for (Service service : this.services) {
			largest = Math.max(largest, service.rssMib());
		}
		return largest;
	}

	@Override
	public void close() throws InterruptedException {
		for (Service service : this.services) {
			service.close();
		}
	}

}

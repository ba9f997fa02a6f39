package kz.consentledger.deploy.bench;

import java.util.List;

/** Percentiles of a set of measurements (nearest rank). */
final class Samples {

	private final double[] sorted;

	Samples(List<Double> values) {
		this.sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (this.sorted.length == 0) {
			throw new IllegalArgumentException("no samples");
		}
	}

	double percentile(double p) {
		int rank = (int) Math.ceil(p / 100.0 * this.sorted.length);
		return this.sorted[Math.max(0, Math.min(this.sorted.length - 1, rank - 1))];
	}

	double max() {
		return this.sorted[this.sorted.length - 1];
	}

	double min() {
		return this.sorted[0];
	}

	double median() {
		return percentile(50);
	}

	int size() {
		return this.sorted.length;
	}

}

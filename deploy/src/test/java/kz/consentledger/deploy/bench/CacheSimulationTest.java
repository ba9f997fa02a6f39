package kz.consentledger.deploy.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheSimulationTest {

	@Test
	void countsWhatSourcingEvictedSubjectsReadsBackWithAndWithoutSnapshots() {
		CacheSimulation simulation = new CacheSimulation(new int[] { 2, 3 }, new int[] { 2 });
		// An operator's stream (no subject) counts as an event and is never cached.
		for (String stream : List.of("o:a", "o:b", "o:c", "o", "o:a", "o:a", "o:b", "o:c", "o:a")) {
			simulation.arrived(stream);
		}
		// Two places: a is evicted by c, comes back with 1 stored event (b goes), b with
		// 1 (c goes), c with 1 (a goes), a with 3. With a snapshot every 2 events, a's
		// second return reads its snapshot and 1 event. Three places hold all three. a,
		// b, c and a again reach 2 and 4 stored events: 4 snapshots.
		assertThat(simulation.row()).isEqualTo("| 9 | 4 (44 %) | 6 | 0 (0 %) | 0 | 5 (4) |");
	}

}

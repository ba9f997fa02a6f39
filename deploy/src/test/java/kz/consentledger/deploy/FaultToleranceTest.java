package kz.consentledger.deploy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The faults of issue 25, each on a fresh ledger whose services and broker run as their
 * own processes: the command service killed with SIGKILL again and again, the broker
 * restarted, PostgreSQL restarted under ingestion and under projection; and of issue 29:
 * two instances of each service, one of each killed with SIGKILL. No step of the test's
 * follows a fault but waiting; then every event sent is stored exactly once, the input
 * topic is consumed to its end, the projections equal a rebuild of them and both services
 * are up.
 */
class FaultToleranceTest {

	private static KafkaBrokerProcess broker;

	@BeforeAll
	static void startBroker() {
		broker = KafkaBrokerProcess.start("fault");
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void commandServiceKilledTenTimesDuringAnIngestLosesAndDuplicatesNothing() {
		// The ten kills land in the first 13,000 or so; the rest is stored by the last
		// run,
		// long enough to show a full recovery without spending CI's time on ingest alone.
		int events = 50_000;
		int kills = 10;
		// Each run of the service appends this many events before it is killed (two
		// consumers, up to 500 records a batch, so batches are in flight) and no more:
		// the restarts (a JVM and a Spring context each, about 13 s here) already take
		// most of the test's time.
		int eventsPerRun = 1_000;
		// A JVM that is killed after a thousand events gains nothing from the C2
		// compiler and starts faster without it; the last run, which ingests the rest,
		// runs as deployed.
		String toBeKilled = "-XX:TieredStopAtLevel=1";
		try (ForkedLedger ledger = ForkedLedger.create("kill", broker, events)) {
			ForkedService command = ledger.startCommand(toBeKilled).awaitStarted();
			ledger.startQuery();
			ledger.produce(0, events);
			long atKill = 0;
			for (int kill = 1; kill <= kills; kill++) {
				awaitAppended(ledger, atKill + eventsPerRun);
				command.kill();
				atKill = ledger.appended();
				System.out.println(
						"SIGKILL " + kill + " of the command service after " + atKill + " of " + events + " events");
				assertThat(atKill).as("kill %d must land inside the ingest", kill).isLessThan(events);
				command = (kill < kills) ? ledger.startCommand(toBeKilled) : ledger.startCommand();
			}
			assertRecovered(ledger);
		}
	}

	@Test
	void brokerRestartedMidIngestLosesAndDuplicatesNothing() {
		int events = 10_000;
		try (ForkedLedger ledger = ForkedLedger.create("broker", broker, events)) {
			ledger.startCommand().awaitStarted();
			ledger.startQuery();
			ledger.produce(0, events / 2);
			awaitAppended(ledger, events / 4);
			long atRestart = ledger.appended();
			broker.restart();
			System.out.println("Restarted the broker after " + atRestart + " of " + events / 2 + " events sent");
			assertThat(atRestart).as("the restart must land inside the ingest").isLessThan(events / 2);
			// The second half goes through the restarted broker, to the same consumers.
			ledger.produce(events / 2, events);
			assertRecovered(ledger);
		}
	}

	@Test
	void postgresRestartedMidIngestAndMidProjectionLosesAndDuplicatesNothing() {
		int events = 20_000;
		try (ForkedLedger ledger = ForkedLedger.create("postgres", broker, events)) {
			Optional<String> unavailable = PostgresRestart.unavailable(ledger.databaseUrl());
			assumeThat(unavailable).as(unavailable.orElse("")).isEmpty();
			ledger.startCommand().awaitStarted();
			ledger.startQuery();
			ledger.produce(0, events);
			awaitAppended(ledger, events / 3);
			long atRestart = ledger.appended();
			PostgresRestart.restart();
			System.out.println("Restarted PostgreSQL after " + atRestart + " of " + events + " events");
			assertThat(atRestart).as("the restart must land inside the ingest").isLessThan(events);
			ledger.awaitSettled();
			ledger.assertStoredExactlyOnce();

			// Under projection: a rebuild replays the whole store, and the server
			// restarts in the middle of it.
			JsonNode live = ledger.checksums();
			ledger.startRebuild();
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> ledger.projectionStatus().path("positionsDone").asLong() >= events / 4);
			JsonNode replaying = ledger.projectionStatus();
			PostgresRestart.restart();
			System.out.println("Restarted PostgreSQL during a rebuild at " + replaying);
			assertThat(replaying.path("state").asString()).isEqualTo("replaying");
			assertThat(replaying.path("positionsDone").asLong()).isLessThan(replaying.path("positionsTotal").asLong());
			ledger.awaitRebuilt();
			assertThat(ledger.checksums()).isEqualTo(live);
			assertRecovered(ledger);
		}
	}

	@Test
	void twoInstancesOfEachServiceWithOneOfEachKilledMidIngestAndMidRebuildLoseAndDuplicateNothing() {
		int events = 12_000;
		// As in the test above, a JVM that ingests this little starts faster without C2;
		// here all four do.
		String quickStart = "-XX:TieredStopAtLevel=1";
		try (ForkedLedger ledger = ForkedLedger.create("pairs", broker, events)) {
			// Each pair starts at once, as a deployment's replicas do.
			ForkedService survivingCommand = ledger.startCommand(quickStart);
			ForkedService killedCommand = ledger.startCommand(quickStart);
			survivingCommand.awaitStarted();
			killedCommand.awaitStarted();
			ForkedService killedQuery = ledger.startQueries(2, quickStart).get(1);
			// Two consumers per instance share the topic's six partitions; the two query
			// instances share the projections' four segments.
			ledger.awaitConsumers(4);
			ledger.awaitSegmentsSharedBy(2);
			ledger.produce(0, events);
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> ingested(survivingCommand) > 0 && ingested(killedCommand) > 0);
			awaitAppended(ledger, events / 3);
			killedCommand.kill();
			long atKill = ledger.appended();
			assertThat(atKill).as("the command instance's kill must land inside the ingest").isLessThan(events);
			// A rebuild during the ingest, shared by both query instances, one of which
			// is killed in the middle of it.
			ledger.startRebuild();
			ledger.awaitRebuildSharedBy(2);
			killedQuery.kill();
			System.out.println("SIGKILL of a command instance after " + atKill + " of " + events
					+ " events, of a query instance during a rebuild at " + ledger.projectionStatus());
			ledger.awaitRebuilt();
			ledger.awaitSettled();
			// The survivor took the dead instance's segments.
			ledger.awaitSegmentsSharedBy(1);
			assertRecovered(ledger);
		}
	}

	/** Events the command instance consumed from Kafka, whatever their outcome. */
	private static double ingested(ForkedService command) {
		return command.get("/actuator/metrics/ledger.ingest.events?tag=channel:kafka")
			.path("measurements")
			.path(0)
			.path("value")
			.asDouble();
	}

	private static void awaitAppended(ForkedLedger ledger, long count) {
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> ledger.appended() >= count);
	}

	private static void assertRecovered(ForkedLedger ledger) {
		ledger.awaitSettled();
		ledger.assertStoredExactlyOnce();
		ledger.assertProjectionsEqualARebuild();
		ledger.assertHealthy();
	}

}

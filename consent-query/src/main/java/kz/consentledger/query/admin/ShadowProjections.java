package kz.consentledger.query.admin;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import kz.consentledger.query.store.ProjectionTables;
import kz.consentledger.query.store.RebuildableProjection;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projections a rebuild replays with: a copy of each live projection bean writing the
 * shadow tables, registered with Axon (not Spring, so the beans stay the live ones) for
 * the processor {@value ProjectionRebuild#SHADOW}. The copies are the same classes with
 * the same collaborators, so a rebuild ends exactly as the live projections would.
 */
@Configuration(proxyBeanMethods = false)
class ShadowProjections {

	private static final Duration SHADOW_TOKEN_STORED_EVERY = Duration.ofSeconds(1);

	/** The tables the projections' beans write: the live ones. */
	@Bean
	static ProjectionTables liveProjectionTables() {
		return ProjectionTables.LIVE;
	}

	@Bean
	ConfigurerModule rebuildProcessorHandlers(List<RebuildableProjection> live) {
		List<RebuildableProjection> shadows = live.stream()
			.map((projection) -> projection.writingTo(ProjectionTables.REBUILD))
			.toList();
		Set<Object> assigned = Set.copyOf(shadows);
		return (configurer) -> {
			EventProcessingConfigurer processing = configurer.eventProcessing();
			// An explicit assignment overrules the classes' @ProcessingGroup.
			processing.assignHandlerInstancesMatching(ProjectionRebuild.SHADOW, assigned::contains);
			shadows.forEach((shadow) -> processing.registerEventHandler((config) -> shadow));
			// A segment with no events of its own stores its token only when it extends
			// its
			// claim (every 5 s by default): the replay's end and its catch-up past the
			// fence are seen by the positions stored, so a rebuild would wait that long
			// twice.
			processing.registerPooledStreamingEventProcessorConfiguration(ProjectionRebuild.SHADOW,
					(config, builder) -> builder.claimExtensionThreshold(SHADOW_TOKEN_STORED_EVERY.toMillis()));
		};
	}

}

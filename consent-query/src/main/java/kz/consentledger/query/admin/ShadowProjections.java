package kz.consentledger.query.admin;

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
		};
	}

}

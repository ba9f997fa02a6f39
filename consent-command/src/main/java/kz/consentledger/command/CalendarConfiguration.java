package kz.consentledger.command;

import java.nio.file.Path;

import kz.consentledger.consent.KazakhstanCalendar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The working-day calendar every due date is computed on: the bundled data, or the file
 * {@code ledger.calendar.file} names, so a year's new transfers need no release. A file
 * that does not parse stops the service with what is wrong with it.
 */
@Configuration(proxyBeanMethods = false)
class CalendarConfiguration {

	@Bean
	KazakhstanCalendar kazakhstanCalendar(@Value("${ledger.calendar.file:}") String file) {
		return file.isBlank() ? KazakhstanCalendar.standard() : KazakhstanCalendar.read(Path.of(file));
	}

}

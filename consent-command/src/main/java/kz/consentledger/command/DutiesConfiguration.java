package kz.consentledger.command;

import kz.consentledger.command.domain.DutyTerms;
import kz.consentledger.consent.KazakhstanCalendar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The terms of the duties after consent. The access answer's term is a setting
 * ({@code ledger.duties.access-answer-working-days}, with the reference it rests on)
 * because the law behind the 3 working days is known from a secondary source only.
 */
@Configuration(proxyBeanMethods = false)
class DutiesConfiguration {

	static final String ACCESS_ANSWER_REFERENCE = "Law 94-V Art. 24(1)(1), 25(2)(6); Rules 395 p.16 per a secondary source, unverified";

	@Bean
	DutyTerms dutyTerms(KazakhstanCalendar calendar,
			@Value("${ledger.duties.access-answer-working-days:3}") int accessAnswerWorkingDays,
			@Value("${ledger.duties.access-answer-reference:" + ACCESS_ANSWER_REFERENCE
					+ "}") String accessAnswerReference) {
		if (accessAnswerWorkingDays < 1 || accessAnswerWorkingDays > 100) {
			throw new IllegalArgumentException(
					"ledger.duties.access-answer-working-days must be 1..100, was " + accessAnswerWorkingDays);
		}
		return new DutyTerms(calendar, accessAnswerWorkingDays, accessAnswerReference);
	}

}

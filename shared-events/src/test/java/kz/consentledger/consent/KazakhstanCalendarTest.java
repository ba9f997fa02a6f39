package kz.consentledger.consent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import kz.consentledger.events.DueDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundled calendar against the published production calendars of 2024-2026: every
 * weekday off and every weekend day worked of each year, listed here by hand from the
 * published calendars, not from the rules.
 */
class KazakhstanCalendarTest {

	private static final KazakhstanCalendar CALENDAR = KazakhstanCalendar.standard();

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			// Nauryz 23 (Sat) -> 25 Mar; Kurban Ait 16 Jun (Sun) does not move; 6 Jul
			// (Sat) -> 8 Jul; 4 May (Sat) worked for 8 May.
			"2024; 01-01 01-02 03-08 03-21 03-22 03-25 05-01 05-07 05-08 05-09 07-08 08-30 10-25 12-16; 05-04",
			// 3 Jan off for Sunday 5 Jan, worked; 8 Mar (Sat) -> 10 Mar; Nauryz 22, 23
			// (Sat, Sun) -> 24, 25 Mar; 6 Jul (Sun) -> 7 Jul; 30 Aug (Sat) -> 1 Sep; 25
			// Oct (Sat) -> 27 Oct.
			"2025; 01-01 01-02 01-03 01-07 03-10 03-21 03-24 03-25 05-01 05-07 05-09 06-06 07-07 09-01 10-27 12-16; 01-05",
			// As reported from the state calendar for 2026; no transfers.
			"2026; 01-01 01-02 01-07 03-09 03-23 03-24 03-25 05-01 05-07 05-11 05-27 07-06 08-31 10-26 12-16;" })
	void eachPublishedYearIsThePublishedCalendar(int year, String weekdaysOff, String weekendDaysWorked) {
		Set<LocalDate> off = new TreeSet<>();
		Set<LocalDate> worked = new TreeSet<>();
		for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
			boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
			if (!weekend && !CALENDAR.isWorkingDay(day)) {
				off.add(day);
			}
			if (weekend && CALENDAR.isWorkingDay(day)) {
				worked.add(day);
			}
		}
		assertThat(off).containsExactlyElementsOf(days(year, weekdaysOff));
		assertThat(worked).containsExactlyElementsOf(days(year, weekendDaysWorked));
		assertThat(CALENDAR.isPublished(LocalDate.of(year, 6, 1))).isTrue();
	}

	@Test
	void aSaturdayMadeAWorkingDayCountsSoTheDueDateIsNotLate() {
		// A request on Friday 3 May 2024 due in 1 working day: Saturday 4 May was worked.
		assertThat(CALENDAR.due(LocalDate.of(2024, 5, 3), 1))
			.isEqualTo(new DueDate(LocalDate.of(2024, 5, 4), "kz-2026.1", false));
		// From Tuesday 7 May: 8 May was given off for it, 9 May is a holiday.
		assertThat(CALENDAR.addWorkingDays(LocalDate.of(2024, 5, 7), 1)).isEqualTo(LocalDate.of(2024, 5, 10));
		// Thursday 2 January 2025: 3 January off, Sunday 5 January worked.
		assertThat(CALENDAR.addWorkingDays(LocalDate.of(2025, 1, 2), 1)).isEqualTo(LocalDate.of(2025, 1, 5));
	}

	@Test
	void aDateBeyondTheDataIsComputedByTheStatutoryRulesAndProvisional() {
		assertThat(CALENDAR.due(LocalDate.of(2026, 6, 1), 15).provisional()).isFalse();
		// Into 2027: 1, 2 (Sat) January; the weekend holiday moves to Monday 4 January.
		DueDate crossing = CALENDAR.due(LocalDate.of(2026, 12, 31), 1);
		assertThat(crossing).isEqualTo(new DueDate(LocalDate.of(2027, 1, 5), "kz-2026.1", true));
		assertThat(CALENDAR.due(LocalDate.of(2027, 3, 1), 1).provisional()).isTrue();
		// From the last day of 2023 (not counted) into published 2024; from 29 December
		// the weekend of 2023 is counted, and a transfer could have made it worked.
		assertThat(CALENDAR.due(LocalDate.of(2023, 12, 29), 1).provisional()).isTrue();
		assertThat(CALENDAR.due(LocalDate.of(2023, 12, 31), 1))
			.isEqualTo(new DueDate(LocalDate.of(2024, 1, 3), "kz-2026.1", false));
	}

	@Test
	void aNewTransferIsAChangeOfDataNotOfCode(@TempDir Path dir) throws IOException {
		String bundled = bundledText().replace("\"version\": \"kz-2026.1\"", "\"version\": \"kz-2026.2\"")
			.replace("\"transfers\": [],",
					"\"transfers\": [{\"date\": \"2026-12-18\", \"working\": false, \"note\": \"a test transfer\"}],");
		Path file = Files.writeString(dir.resolve("calendar.json"), bundled);
		KazakhstanCalendar changed = KazakhstanCalendar.read(file);
		assertThat(changed.due(LocalDate.of(2026, 12, 17), 1))
			.isEqualTo(new DueDate(LocalDate.of(2026, 12, 21), "kz-2026.2", false));
		assertThat(CALENDAR.addWorkingDays(LocalDate.of(2026, 12, 17), 1)).isEqualTo(LocalDate.of(2026, 12, 18));
	}

	@ParameterizedTest(name = "{2}")
	@CsvSource(delimiter = '|', value = {
			"\"2024-05-08\", \"working\": false | \"2024-05-08\", \"working\": true | transfer 2024-05-08 changes nothing: it is a working day",
			"\"year\": 2025, | \"year\": 2024, | year 2024 is listed twice",
			"\"2024-05-04\" | \"2025-01-03\" | transfer 2025-01-03 is listed under year 2024",
			"\"version\" | \"versio\" | \"version\" is missing", "05-07\", | 5-7\", | 5-7" })
	void aBrokenFileIsRefusedWithWhatIsWrong(String from, String to, String message, @TempDir Path dir)
			throws IOException {
		String broken = bundledText().replace(from, to);
		assertThat(broken).isNotEqualTo(bundledText());
		Path file = Files.writeString(dir.resolve("broken.json"), broken);
		assertThatThrownBy(() -> KazakhstanCalendar.read(file)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining(message);
	}

	private static Set<LocalDate> days(int year, String monthDays) {
		if (monthDays == null || monthDays.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(monthDays.trim().split(" "))
			.map((monthDay) -> LocalDate.parse(year + "-" + monthDay))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static String bundledText() throws IOException {
		try (InputStream in = KazakhstanCalendar.class.getResourceAsStream("kazakhstan-calendar.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}

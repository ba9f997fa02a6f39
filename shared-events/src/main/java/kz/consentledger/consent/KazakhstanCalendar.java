package kz.consentledger.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import kz.consentledger.events.DueDate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Working days in Kazakhstan, from a versioned data file (the bundled
 * {@code kazakhstan-calendar.json}, or another given by path): the statutory rules
 * (weekends; the public holidays; a secular holiday on a weekend moves to the next
 * working day, the religious ones do not; Kurban Ait per year) and, for each year the
 * file lists, the government's transfers as published, a weekend day made a working day
 * included. A date in a year the file does not list is computed by the statutory rules
 * alone and its due date is {@link DueDate#provisional() provisional}.
 */
public final class KazakhstanCalendar {

	/** Kazakhstan has one time zone, UTC+5, since 1 March 2024. */
	public static final ZoneId ZONE = ZoneId.of("Asia/Almaty");

	private static final String BUNDLED = "kazakhstan-calendar.json";

	private static final KazakhstanCalendar STANDARD = bundled();

	/** A secular holiday that falls on a weekend moves at most this far (Nauryz). */
	private static final int CARRY_WINDOW_DAYS = 10;

	private final String version;

	private final Set<DayOfWeek> weekend;

	private final Set<MonthDay> holidays;

	private final Set<MonthDay> religiousHolidays;

	private final Set<LocalDate> kurbanAit;

	private final Set<Integer> publishedYears;

	/** The published transfers: true for a day made working, false for a day made off. */
	private final Map<LocalDate, Boolean> transfers;

	private KazakhstanCalendar(String version, Set<DayOfWeek> weekend, Set<MonthDay> holidays,
			Set<MonthDay> religiousHolidays, Set<LocalDate> kurbanAit, Set<Integer> publishedYears,
			Map<LocalDate, Boolean> transfers) {
		this.version = version;
		this.weekend = weekend;
		this.holidays = holidays;
		this.religiousHolidays = religiousHolidays;
		this.kurbanAit = kurbanAit;
		this.publishedYears = publishedYears;
		this.transfers = transfers;
	}

	/** The calendar bundled with the ledger. */
	public static KazakhstanCalendar standard() {
		return STANDARD;
	}

	/**
	 * The calendar of a data file in the bundled file's format.
	 * @throws IllegalArgumentException naming the file and what is wrong with it
	 */
	public static KazakhstanCalendar read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file.toString());
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read the calendar file " + file + ": " + ex.getMessage(), ex);
		}
	}

	static KazakhstanCalendar read(InputStream in, String name) {
		try {
			return parse(JsonMapper.builder().build().readTree(in));
		}
		catch (JacksonException | IllegalArgumentException | DateTimeException ex) {
			throw new IllegalArgumentException("the calendar file " + name + " is not valid: " + ex.getMessage(), ex);
		}
	}

	private static KazakhstanCalendar bundled() {
		try (InputStream in = KazakhstanCalendar.class.getResourceAsStream(BUNDLED)) {
			if (in == null) {
				throw new IllegalStateException(BUNDLED + " is missing from the classpath");
			}
			return read(in, BUNDLED);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KazakhstanCalendar parse(JsonNode root) {
		String version = required(root, "version").asString();
		if (version.isBlank() || version.length() > 64) {
			throw new IllegalArgumentException("version must be 1 to 64 characters");
		}
		JsonNode statutory = required(root, "statutory");
		Set<DayOfWeek> weekend = Set.copyOf(list(required(statutory, "weekend"), DayOfWeek::valueOf));
		Set<MonthDay> holidays = Set.copyOf(list(required(statutory, "holidays"), KazakhstanCalendar::monthDay));
		Set<MonthDay> religious = Set
			.copyOf(list(required(statutory, "religiousHolidays"), KazakhstanCalendar::monthDay));
		Set<LocalDate> kurbanAit = Set.copyOf(list(required(required(root, "kurbanAit"), "days"), LocalDate::parse));
		Set<Integer> years = new HashSet<>();
		Map<LocalDate, Boolean> transfers = new HashMap<>();
		for (JsonNode year : required(root, "years")) {
			int number = required(year, "year").asInt();
			if (!years.add(number)) {
				throw new IllegalArgumentException("year " + number + " is listed twice");
			}
			if (required(year, "sources").isEmpty()) {
				throw new IllegalArgumentException("year " + number + " names no source");
			}
			for (JsonNode transfer : required(year, "transfers")) {
				LocalDate date = LocalDate.parse(required(transfer, "date").asString());
				if (date.getYear() != number) {
					throw new IllegalArgumentException("transfer " + date + " is listed under year " + number);
				}
				if (transfers.put(date, required(transfer, "working").asBoolean()) != null) {
					throw new IllegalArgumentException("transfer " + date + " is listed twice");
				}
			}
		}
		KazakhstanCalendar calendar = new KazakhstanCalendar(version, weekend, holidays, religious, kurbanAit,
				Set.copyOf(years), Map.copyOf(transfers));
		calendar.transfers.forEach((date, working) -> {
			if (calendar.statutoryWorkingDay(date) == working) {
				throw new IllegalArgumentException("transfer " + date + " changes nothing: it is "
						+ (working ? "a working day" : "a day off") + " by the statutory rules already");
			}
		});
		return calendar;
	}

	private static JsonNode required(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw new IllegalArgumentException("\"" + field + "\" is missing");
		}
		return value;
	}

	private static <T> List<T> list(JsonNode array, Function<String, T> parse) {
		if (!array.isArray()) {
			throw new IllegalArgumentException("expected a list, got " + array);
		}
		List<T> values = new ArrayList<>();
		array.forEach((item) -> values.add(parse.apply(item.asString())));
		return values;
	}

	private static MonthDay monthDay(String text) {
		return MonthDay.parse("--" + text);
	}

	/** The version of the data, which every due date it computes records. */
	public String version() {
		return this.version;
	}

	public boolean isWorkingDay(LocalDate day) {
		Boolean transferred = this.transfers.get(day);
		return (transferred != null) ? transferred : statutoryWorkingDay(day);
	}

	/** Whether the data holds the published calendar of the day's year. */
	public boolean isPublished(LocalDate day) {
		return this.publishedYears.contains(day.getYear());
	}

	/**
	 * The {@code count}-th working day after {@code day} ({@code day} itself is not
	 * counted).
	 */
	public LocalDate addWorkingDays(LocalDate day, int count) {
		return due(day, count).date();
	}

	/**
	 * The due date {@code count} working days after {@code day}; provisional when a day
	 * it counted lies in a year the data does not hold.
	 */
	public DueDate due(LocalDate day, int count) {
		LocalDate current = day;
		int remaining = count;
		// The start day is not counted: only the days counted can make the date
		// uncertain.
		boolean provisional = count == 0 && !isPublished(day);
		while (remaining > 0) {
			current = current.plusDays(1);
			provisional |= !isPublished(current);
			if (isWorkingDay(current)) {
				remaining--;
			}
		}
		return new DueDate(current, this.version, provisional);
	}

	/** The due date {@code count} working days after the business date of {@code at}. */
	public DueDate due(Instant at, int count) {
		return due(LocalDate.ofInstant(at, ZONE), count);
	}

	private boolean statutoryWorkingDay(LocalDate day) {
		return !isWeekend(day) && !isHoliday(day) && !isCarriedOverDayOff(day);
	}

	private boolean isWeekend(LocalDate day) {
		return this.weekend.contains(day.getDayOfWeek());
	}

	private boolean isHoliday(LocalDate day) {
		MonthDay monthDay = MonthDay.from(day);
		return this.holidays.contains(monthDay) || this.religiousHolidays.contains(monthDay)
				|| this.kurbanAit.contains(day);
	}

	/**
	 * Secular holidays on a weekend move to the next working days, one each, in order.
	 */
	private boolean isCarriedOverDayOff(LocalDate day) {
		Set<LocalDate> carried = new HashSet<>();
		for (LocalDate candidate = day.minusDays(CARRY_WINDOW_DAYS); !candidate.isAfter(day); candidate = candidate
			.plusDays(1)) {
			if (this.holidays.contains(MonthDay.from(candidate)) && isWeekend(candidate)) {
				LocalDate target = candidate.plusDays(1);
				while (isWeekend(target) || isHoliday(target) || carried.contains(target)) {
					target = target.plusDays(1);
				}
				carried.add(target);
			}
		}
		return carried.contains(day);
	}

}

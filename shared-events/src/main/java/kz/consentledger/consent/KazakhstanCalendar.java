package kz.consentledger.consent;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * Working days in Kazakhstan (Labour Code Art. 84-85, Law "On holidays in the Republic of
 * Kazakhstan"): weekends, the public holidays, and the day after a secular holiday that
 * falls on a weekend. Kurban Ait follows the lunar calendar and is listed per year.
 * Government decrees that move single days are not modelled: a due date can be a day
 * early, never late (the conservative side for a DPO).
 */
public final class KazakhstanCalendar {

	/** Kazakhstan has one time zone, UTC+5, since 1 March 2024. */
	public static final ZoneId ZONE = ZoneId.of("Asia/Almaty");

	private static final Set<MonthDay> SECULAR_HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(1, 2),
			MonthDay.of(3, 8), MonthDay.of(3, 21), MonthDay.of(3, 22), MonthDay.of(3, 23), MonthDay.of(5, 1),
			MonthDay.of(5, 7), MonthDay.of(5, 9), MonthDay.of(7, 6), MonthDay.of(8, 30), MonthDay.of(10, 25),
			MonthDay.of(12, 16));

	/**
	 * Orthodox Christmas is a day off that is not carried over when it falls on a
	 * weekend.
	 */
	private static final MonthDay ORTHODOX_CHRISTMAS = MonthDay.of(1, 7);

	private static final Set<LocalDate> KURBAN_AIT = Set.of(LocalDate.of(2021, 7, 20), LocalDate.of(2022, 7, 9),
			LocalDate.of(2023, 6, 28), LocalDate.of(2024, 6, 16), LocalDate.of(2025, 6, 6), LocalDate.of(2026, 5, 27),
			LocalDate.of(2027, 5, 16), LocalDate.of(2028, 5, 5), LocalDate.of(2029, 4, 24), LocalDate.of(2030, 4, 13));

	private KazakhstanCalendar() {
	}

	public static boolean isWorkingDay(LocalDate day) {
		return !isWeekend(day) && !isHoliday(day) && !isCarriedOverDayOff(day);
	}

	/**
	 * The {@code count}-th working day after {@code day} ({@code day} itself is not
	 * counted).
	 */
	public static LocalDate addWorkingDays(LocalDate day, int count) {
		LocalDate current = day;
		int remaining = count;
		while (remaining > 0) {
			current = current.plusDays(1);
			if (isWorkingDay(current)) {
				remaining--;
			}
		}
		return current;
	}

	private static boolean isWeekend(LocalDate day) {
		return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
	}

	private static boolean isHoliday(LocalDate day) {
		MonthDay monthDay = MonthDay.from(day);
		return SECULAR_HOLIDAYS.contains(monthDay) || ORTHODOX_CHRISTMAS.equals(monthDay) || KURBAN_AIT.contains(day);
	}

	/**
	 * Secular holidays on a weekend move to the next working days, one each, in order.
	 */
	private static boolean isCarriedOverDayOff(LocalDate day) {
		Set<LocalDate> carried = new HashSet<>();
		for (LocalDate candidate = day.minusDays(10); !candidate.isAfter(day); candidate = candidate.plusDays(1)) {
			if (SECULAR_HOLIDAYS.contains(MonthDay.from(candidate)) && isWeekend(candidate)) {
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

package kz.consentledger.query.answer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of an access answer in one language (kk, ru or en): its headings, the legal
 * statements it opens and closes with, and the names of the contract's codes (channels,
 * recipient kinds, legal bases, statuses). A code without a name is shown as it is.
 * Article references follow Law 94-V as amended to 2026 (docs/domain.md).
 */
final class AnswerTexts {

	/** The languages, in the order of each entry's texts. */
	static final List<String> LANGUAGES = List.of("kk", "ru", "en");

	private static final Map<String, String[]> TEXTS = Map.ofEntries(
			text("title", "Дербес деректер субъектісінің ақпарат беру туралы сұрауына жауап",
					"Ответ на запрос субъекта персональных данных о предоставлении сведений",
					"Answer to the personal data subject's request for information"),
			text("intro",
					"«Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының 2013 жылғы 21 мамырдағы "
							+ "№ 94-V Заңының 24-бабы 1-тармағының 1) тармақшасына және 25-бабы 2-тармағының 6), 7) "
							+ "және 9) тармақшаларына сәйкес оператор өзі өңдейтін сіздің дербес деректеріңіз туралы "
							+ "мәліметтерді келісімдер тізілімінің {date} күнгі жазбалары бойынша хабарлайды.",
					"В соответствии с подпунктом 1) пункта 1 статьи 24 и подпунктами 6), 7) и 9) пункта 2 статьи 25 "
							+ "Закона Республики Казахстан от 21 мая 2013 года № 94-V «О персональных данных и их "
							+ "защите» оператор сообщает сведения об обрабатываемых им ваших персональных данных по "
							+ "записям реестра согласий на {date}.",
					"Under Article 24(1)(1) and Article 25(2)(6), (7) and (9) of Law of the Republic of Kazakhstan "
							+ "No. 94-V of 21 May 2013 \"On Personal Data and Their Protection\", the operator informs "
							+ "you of the personal data about you that it processes, as its consent ledger records "
							+ "them on {date}."),
			text("processing", "Оператор сіздің дербес деректеріңізді өңдейді.",
					"Оператор обрабатывает ваши персональные данные.", "The operator processes your personal data."),
			text("notProcessing",
					"Операторда сіз туралы жазбалар сақталады; осы жауап берілген күні дербес деректерді өңдеуге "
							+ "берілген бірде-бір келісім қолданыста емес.",
					"У оператора хранятся записи о вас; на дату ответа ни одно согласие на обработку персональных "
							+ "данных не действует.",
					"The operator keeps records about you; on the date of this answer no consent to the processing "
							+ "of your personal data is in force."),
			text("consentEnded",
					"Тізілімде сіздің келісіміңіз кері қайтарылмаған және мерзімі өтпеген, бірақ ол берілгеннен "
							+ "кейін оператор мыналарды тіркеді: {facts}.",
					"В реестре ваше согласие не отозвано и не истекло, однако после его предоставления оператор "
							+ "записал: {facts}.",
					"In the ledger your consent is neither withdrawn nor expired, but since it was given the "
							+ "operator has recorded: {facts}."),
			text("since.processing-ended", "өңдеу тоқтатылды ({reason})", "обработка прекращена ({reason})",
					"processing ended ({reason})"),
			text("since.destroyed", "деректеріңіз жойылды", "ваши данные уничтожены", "your data were destroyed"),
			text("since.depersonalised", "деректеріңіз иесіздендірілді", "ваши данные обезличены",
					"your data were depersonalised"),
			text("since.erased", "тізілімдегі дербес деректеріңіз жойылды (кілт жойылды)",
					"ваши персональные данные в реестре удалены (ключ уничтожен)",
					"your personal data in the ledger were erased (the key destroyed)"),
			text("rights",
					"Мәліметтер тегін беріледі. Сіз оператордан дербес деректеріңізді өзгертуді және толықтыруды, "
							+ "бұғаттауды немесе жоюды талап етуге, келісіміңізді кері қайтарып алуға, сондай-ақ "
							+ "оператордың әрекеттеріне уәкілетті органға немесе сотқа шағым жасауға құқылысыз "
							+ "(Заңның 8, 24-баптары).",
					"Сведения предоставляются бесплатно. Вы вправе требовать от оператора изменения и дополнения, "
							+ "блокирования или уничтожения ваших персональных данных, отозвать согласие, а также "
							+ "обжаловать действия оператора в уполномоченный орган или в суд (статьи 8 и 24 Закона).",
					"This information is free of charge. You may require the operator to change and complete, "
							+ "block or destroy your personal data, withdraw your consent, and appeal against the "
							+ "operator's actions to the authorised body or to a court (Articles 8 and 24 of the "
							+ "Law)."),
			text("operator", "Оператор (БСН)", "Оператор (БИН)", "Operator (BIN)"),
			text("subject", "Субъект (бүркеншік идентификатор)", "Субъект (псевдоним)", "Subject (pseudonymous id)"),
			text("date", "Жауап күні", "Дата ответа", "Date of the answer"),
			text("preparedBy", "Дайындаған", "Подготовил", "Prepared by"),
			text("request", "Сұрау", "Запрос", "Request"),
			text("requestRef", "Сұраудың нөмірі", "Номер запроса", "Request reference"),
			text("receivedAt", "Алынған күні", "Дата получения", "Received on"),
			text("channel", "Арна", "Канал", "Channel"),
			text("dueBy", "Жауап беру мерзімі", "Срок ответа", "Answer due by"),
			text("legalReference", "Құқықтық негіз", "Правовое основание", "Legal basis"),
			text("provisional", "алдын ала: күнтізбе деректерінен тыс күн",
					"предварительно: дата за пределами данных календаря", "provisional: beyond the calendar data"),
			text("noRequest", "Тізілімде бұл жауапқа сәйкес келетін сұрау жазылмаған.",
					"Запрос, на который дан этот ответ, в реестре не записан.",
					"The ledger records no request this answer replies to."),
			text("purposes", "Өңдеу мақсаттары және дербес деректер санаттары",
					"Цели обработки и категории персональных данных", "Purposes of processing and data categories"),
			text("purpose", "Мақсат", "Цель", "Purpose"), text("status", "Күйі", "Статус", "Status"),
			text("categories", "Дербес деректер санаттары", "Категории персональных данных", "Data categories"),
			text("policyVersion", "Саясат нұсқасы", "Версия политики", "Policy version"),
			text("grantedAt", "Келісім берілген күні", "Согласие дано", "Consent given on"),
			text("grantedBy", "Келісім берген", "Согласие дал", "Given by"),
			text("withdrawnAt", "Келісім кері қайтарылған күні", "Согласие отозвано", "Consent withdrawn on"),
			text("stopDueBy", "Өңдеуді тоқтату мерзімі", "Срок прекращения обработки", "Processing to stop by"),
			text("expiresAt", "Келісімнің қолданылу мерзімі", "Срок действия согласия", "Consent valid until"),
			text("refusal", "Келісімді кері қайтарудан бас тартылды", "В отзыве согласия отказано",
					"Withdrawal of consent refused"),
			text("noPurposes", "Тізілімде келісім жазылмаған.", "Согласия в реестре не записаны.",
					"The ledger records no consent."),
			text("sources", "Деректердің көздері", "Источники данных", "Sources of the data"),
			text("source", "Жүйе", "Система", "System"), text("channels", "Арналар", "Каналы", "Channels"),
			text("records", "Жазбалар", "Записи", "Records"),
			text("recipients", "Деректерді алушылар (үшінші тұлғалар)", "Получатели данных (третьи лица)",
					"Recipients of the data (third parties)"),
			text("name", "Атауы", "Наименование", "Name"), text("kind", "Түрі", "Тип", "Kind"),
			text("country", "Елі", "Страна", "Country"),
			text("namedFor", "Келісімде аталған мақсаттар", "Указан в согласии для целей", "Named in your consent for"),
			text("disclosures", "Деректер берілген жағдайлар", "Случаи передачи данных", "Disclosures"),
			text("noRecipients", "Тізілімде деректерді алушылар жазылмаған.",
					"Получатели данных в реестре не записаны.", "The ledger records no recipient of your data."),
			text("crossBorder", "Деректерді трансшекаралық беру", "Трансграничная передача данных",
					"Cross-border transfers"),
			text("consentedFor", "Келісім берілген мақсаттар", "Согласие дано для целей", "Consented for"),
			text("noCrossBorder",
					"Тізілімде Қазақстан Республикасының аумағынан тыс деректерді беру де, оған келісім де "
							+ "жазылмаған.",
					"В реестре не записаны ни передача данных за пределы Республики Казахстан, ни согласие на неё.",
					"The ledger records no transfer of your data outside the Republic of Kazakhstan, and no "
							+ "consent to one."),
			text("retention", "Сақтау мерзімдері", "Сроки хранения", "Retention"),
			text("rule", "Ереже", "Правило", "Rule"),
			text("yearsAfterAgreement", "пайдаланушы келісімі тоқтатылғаннан кейін {n} жыл",
					"{n} после прекращения пользовательского соглашения", "{n} after the user agreement ends"),
			text("untilPurposeReached", "өңдеу мақсатына қол жеткізілгенге дейін, содан кейін деректер жойылады",
					"до достижения цели обработки, после чего данные уничтожаются",
					"until the purpose of processing is reached, after which the data are destroyed"),
			text("noRetentionRule",
					"Саясат нұсқасында сақтау мерзімі белгіленбеген; Заңның 18-бабына сәйкес деректер өңдеу "
							+ "мақсатына қол жеткізілгенде немесе келісім кері қайтарылғанда жойылады.",
					"Версия политики не устанавливает срок хранения; согласно статье 18 Закона данные "
							+ "уничтожаются по достижении цели обработки или при отзыве согласия.",
					"The policy version states no retention period; under Article 18 of the Law, data are destroyed "
							+ "when the purpose of processing is reached or consent is withdrawn."),
			text("policyUnknown", "белгісіз: тізілімде саясаттың бұл нұсқасы жоқ",
					"неизвестно: этой версии политики в реестре нет",
					"unknown: the ledger does not hold this policy version"),
			text("storedUnder", "Деректер сол жерде сақталады (саясат нұсқасы)",
					"Данные хранятся там (версия политики)", "Data stored there (policy version)"),
			text("processingEnded", "Өңдеу тоқтатылды", "Обработка прекращена", "Processing ended"),
			text("destroyBy", "Жою мерзімі", "Срок уничтожения", "To be destroyed by"),
			text("noDestroyBy", "ереже белгіленбеген", "правило не установлено", "no rule stated"),
			text("agreement-ended", "пайдаланушы келісімі тоқтатылды", "пользовательское соглашение прекращено",
					"the user agreement ended"),
			text("purpose-reached", "өңдеу мақсатына қол жеткізілді", "цель обработки достигнута",
					"the purpose of processing was reached"),
			text("destructions", "Деректерді жою", "Уничтожение данных", "Destruction of data"),
			text("destroyed", "жойылды", "уничтожены", "destroyed"),
			text("depersonalised", "иесіздендірілді", "обезличены", "depersonalised"),
			text("held", "заң бойынша сақталады (қолжетімділік шектелген, өңдеу тоқтатылған)",
					"хранятся по закону (доступ ограничен, обработка приостановлена)",
					"kept under a statutory hold (access restricted, processing suspended)"),
			text("personalData", "Тізілімдегі сіздің дербес деректеріңіз", "Ваши персональные данные в реестре",
					"Your personal data held in the ledger"),
			text("personalDataIntro",
					"Тізілім сізді бүркеншік идентификатормен ({id}) белгілейді және сіз туралы мына мәліметтерді "
							+ "шифрланған түрде сақтайды:",
					"Реестр обозначает вас псевдонимом ({id}) и хранит о вас в зашифрованном виде следующие сведения:",
					"The ledger identifies you by a pseudonymous id ({id}) and holds the following about you, "
							+ "encrypted:"),
			text("noPersonalData", "Тізілім сіз туралы шифрланған дербес деректерді сақтамайды.",
					"Зашифрованных персональных данных о вас в реестре нет.",
					"The ledger holds no encrypted personal data about you."),
			text("field", "Мәлімет", "Сведение", "Item"), text("value", "Мәні", "Значение", "Value"),
			text("recordedOn", "Жазылған күні", "Дата записи", "Recorded on"),
			text("erasedValue", "жойылды (кілт жойылған)", "удалено (ключ уничтожен)", "erased (key destroyed)"),
			text("erasure",
					"{date}: деректеріңізді шифрлайтын кілт жойылды; жоғарыдағы мәндерді енді ешкім оқи алмайды.",
					"{date}: ключ шифрования ваших данных уничтожен; эти значения больше никто не может прочитать.",
					"On {date} the key encrypting your data was destroyed; nobody can read these values any more."),
			text("authenticity", "Құжаттың түпнұсқалығы", "Подлинность документа", "Authenticity of this document"),
			text("authenticityText",
					"Бұл бет оператордың келісімдер тізілімі қол қойған JSON файлының көрінісі. Файл жоғарыдағы "
							+ "жазбаларды тәуелсіз куәгерлер растайтын тізілімнің бақылау нүктесіне енгізу "
							+ "дәлелдерімен дәлелдейді; сол нүктеден кейін қосылған жазбаны тек тізілімнің "
							+ "қолтаңбасы қамтиды, мұны офлайн тексеруші көрсетеді. Жауаппен бірге тіркелетін жауап "
							+ "дайджесті:",
					"Эта страница – представление JSON-файла, подписанного реестром согласий оператора. Файл "
							+ "доказывает записи выше доказательствами включения в контрольную точку реестра, "
							+ "которую заверяют независимые свидетели; запись, добавленную после этой точки, "
							+ "покрывает только подпись реестра, о чём сообщает офлайн-проверка. Дайджест ответа, "
							+ "который записывается вместе с ответом:",
					"This page renders a JSON file signed by the operator's consent ledger. The file proves the "
							+ "records above by inclusion proofs under a ledger checkpoint that independent "
							+ "witnesses cosign; a record appended after that checkpoint is covered by the ledger's "
							+ "signature alone, and the offline verifier says so. The answer's digest, recorded "
							+ "with the answer:"),
			text("key", "Тізілім кілті", "Ключ реестра", "Ledger key"),
			text("checkpoint", "Бақылау нүктесі", "Контрольная точка", "Checkpoint"),
			// Statuses of a purpose.
			text("active", "қолданыста", "действует", "in force"),
			text("withdrawn", "кері қайтарылды", "отозвано", "withdrawn"),
			text("expired", "мерзімі өтті", "истекло", "expired"),
			// Who gave a consent.
			text("by.subject", "субъектінің өзі", "сам субъект", "you"),
			text("by.legal-representative", "заңды өкіл", "законный представитель", "a legal representative"),
			// Channels (contract enum).
			text("web-form", "веб-нысан", "веб-форма", "web form"),
			text("mobile-app", "мобильді қосымша", "мобильное приложение", "mobile app"),
			text("written-paper", "қағаз жүзіндегі жазбаша өтініш", "письменно, на бумаге", "in writing, on paper"),
			text("written-electronic", "электрондық жазбаша өтініш", "письменно, в электронной форме",
					"in writing, electronically"),
			text("phone-call", "телефон қоңырауы", "телефонный звонок", "phone call"),
			text("egov", "eGov порталы", "портал eGov", "eGov portal"), text("other", "басқа", "иное", "other"),
			// Recipient kinds (contract enum).
			text("affiliate", "үлестес тұлға", "аффилированное лицо", "affiliate"),
			text("partner", "серіктес", "партнёр", "partner"),
			text("processor", "оператордың тапсырмасы бойынша өңдеуші", "обработчик по поручению оператора",
					"processor on the operator's behalf"),
			text("payment-intermediary", "төлем делдалы", "платёжный посредник", "payment intermediary"),
			text("state-body", "мемлекеттік орган", "государственный орган", "state body"),
			text("public", "жалпыға қолжетімді", "общедоступно", "public"),
			// Legal bases of a disclosure (contract enum).
			text("consent", "сіздің келісіміңіз", "ваше согласие", "your consent"),
			text("contract", "шарт", "договор", "a contract"),
			text("legal-obligation", "заңда белгіленген міндет", "обязанность, установленная законом",
					"a legal obligation"),
			text("state-request", "мемлекеттік органның сұрауы", "запрос государственного органа",
					"a state body's request"),
			// Reasons to refuse a withdrawal (contract enum; legal-obligation above).
			text("unfulfilled-obligation", "субъектінің орындалмаған міндеттемесі",
					"неисполненное обязательство субъекта", "an obligation you have not fulfilled"),
			text("legitimate-interest", "заңды мүдде", "законный интерес", "a legitimate interest"),
			// The sealed fields the ledger holds, by their path in the stored event.
			text("grantedBy.name", "Заңды өкілдің аты-жөні", "ФИО законного представителя",
					"Legal representative's name"),
			text("grantedBy.documentRef", "Өкілдің құжатының деректемелері", "Реквизиты документа представителя",
					"Representative's document reference"),
			text("evidence.ipAddress", "IP мекенжайы", "IP-адрес", "IP address"),
			text("evidence.userAgent", "Браузер (User-Agent)", "Браузер (User-Agent)", "Browser (user agent)"),
			text("evidence.documentRef", "Келісім құжатының деректемелері", "Реквизиты документа о согласии",
					"Consent document reference"),
			text("applicationRef", "Өтініштің нөмірі", "Номер заявления", "Application reference"),
			text("refusal.detail", "Бас тарту негіздемесі", "Обоснование отказа", "Details of the refusal"),
			text("performedBy", "Орындаған", "Исполнитель", "Performed by"),
			text("reason", "Себебі", "Причина", "Reason"));

	private final int index;

	private final Locale locale;

	private AnswerTexts(int index) {
		this.index = index;
		this.locale = Locale.forLanguageTag(LANGUAGES.get(index));
	}

	private static Map.Entry<String, String[]> text(String key, String kk, String ru, String en) {
		return Map.entry(key, new String[] { kk, ru, en });
	}

	/** The texts of a language code (kk, ru or en, any case). */
	static AnswerTexts of(String language) {
		int index = LANGUAGES.indexOf((language != null) ? language.toLowerCase(Locale.ROOT) : "");
		if (index < 0) {
			throw new IllegalArgumentException("lang must be kk, ru or en, not " + language);
		}
		return new AnswerTexts(index);
	}

	String language() {
		return LANGUAGES.get(this.index);
	}

	/**
	 * The text of a key, or the key itself (a code without a name, such as a purpose).
	 */
	String get(String key) {
		String[] texts = TEXTS.get(key);
		return (texts != null) ? texts[this.index] : key;
	}

	/** A text with {@code {name}} placeholders filled in. */
	String get(String key, String name, String value) {
		return get(key).replace("{" + name + "}", value);
	}

	/** "N years" as each language says it (Russian: 1 год, 2 года, 5 лет). */
	String years(int n) {
		String word = switch (language()) {
			case "kk" -> "";
			case "ru" -> (n % 10 == 1 && n % 100 != 11) ? "год"
					: (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) ? "года" : "лет";
			default -> (n == 1) ? "year" : "years";
		};
		return "kk".equals(language()) ? String.valueOf(n) : n + " " + word;
	}

	/** A country's name in the language, with its ISO 3166 code. */
	String country(String code) {
		if (code == null || code.isBlank()) {
			return "";
		}
		String name = new Locale("", code).getDisplayCountry(this.locale);
		return (name.isBlank() || name.equals(code)) ? code : name + " (" + code + ")";
	}

}

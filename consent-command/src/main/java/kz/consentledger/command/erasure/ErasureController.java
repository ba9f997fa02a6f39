package kz.consentledger.command.erasure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.command.append.AppendOutcome;
import kz.consentledger.command.append.AppendRequest;
import kz.consentledger.command.append.IdempotencyKey;
import kz.consentledger.command.append.Keyed;
import kz.consentledger.command.append.LedgerAppender;
import kz.consentledger.command.domain.UnknownSubjectException;
import kz.consentledger.command.ingest.ContractLimits;
import kz.consentledger.commands.EraseSubject;
import kz.consentledger.events.Provenance;
import kz.consentledger.service.store.DatabaseOutage;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erases a subject by destroying its key (crypto-shredding, ADR 0025), for the operator's
 * DPO or an admin (WebSecurity). The erasure is an event of the subject's stream,
 * appended, chained and sealed into the checkpoints like any other; the key is destroyed
 * in the same transaction. A retried request with the same {@code Idempotency-Key} is
 * stored once; without one, every request is a new erasure (a second one of an erased
 * subject is stored and says the key was already destroyed). The key is the caller's own:
 * the source names the operator and the account
 * ({@code urn:consent-ledger:erasure:<operator>:<account>}), so nobody else's erasure can
 * take it first.
 */
@RestController
class ErasureController {

	/**
	 * The provenance source of erasures, followed by the operator and the account: the
	 * ledger, on a person's order.
	 */
	static final String SOURCE_PREFIX = "urn:consent-ledger:erasure:";

	private static final Pattern OPERATOR = Pattern.compile("\\d{12}");

	private final LedgerAppender appender;

	ErasureController(LedgerAppender appender) {
		this.appender = appender;
	}

	@Operation(summary = "Erase a subject: destroy its key, so every sealed personal field reads [erased]")
	@PostMapping(path = "/api/v1/operators/{operator}/subjects/{subject}/erasure", produces = "application/json")
	ErasureResponse erase(@PathVariable String operator, @PathVariable String subject,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@RequestBody(required = false) byte[] body, Authentication account) {
		checkPath(operator, subject, idempotencyKey);
		ErasureRequest request = ErasureRequest.read(body);
		String source = SOURCE_PREFIX + operator + ":" + URLEncoder.encode(account.getName(), StandardCharsets.UTF_8);
		String id = (idempotencyKey != null) ? idempotencyKey : UUID.randomUUID().toString();
		IdempotencyKey key = new IdempotencyKey(source, id);
		byte[] content = String
			.join("\n", operator, subject, request.reason(), request.requestedBy(),
					Objects.toString(request.requestRef(), ""), account.getName())
			.getBytes(StandardCharsets.UTF_8);
		List<AppendOutcome> outcomes = append(key, content, operator, subject,
				(receivedAt) -> new EraseSubject(operator, subject, request.reason(), request.requestedBy(),
						request.requestRef(), account.getName(), new Provenance(source, id, receivedAt, receivedAt)));
		return new ErasureResponse(source, id, outcomes.get(0).name().toLowerCase(Locale.ROOT));
	}

	/** Appends the erasure once by key; nothing is appended when it fails. */
	private List<AppendOutcome> append(IdempotencyKey key, byte[] content, String operator, String subject,
			Function<Instant, EraseSubject> command) {
		try {
			return this.appender.append(List.of(new Item(key, content)),
					(fresh, receivedAt) -> fresh.stream()
						.map((item) -> new AppendRequest(key, "ledger.erasure", content, command.apply(receivedAt)))
						.toList(),
					true);
		}
		catch (RuntimeException ex) {
			if (DatabaseOutage.causes(ex) || LedgerAppender.lostARace(ex)) {
				throw new ErasureProblems.UnavailableException(ex);
			}
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof UnknownSubjectException) {
					throw new ErasureProblems.UnknownSubjectException(
							"subject " + subject + " is not known at operator " + operator + ": nothing to erase");
				}
			}
			throw ex;
		}
	}

	private static void checkPath(String operator, String subject, String idempotencyKey) {
		List<ErasureRequest.Violation> violations = new ArrayList<>();
		if (!OPERATOR.matcher(operator).matches()) {
			violations.add(new ErasureRequest.Violation("operator", "a BIN of 12 digits"));
		}
		String bad = ErasureRequest.problem(subject, ContractLimits.MAX_SUBJECT_LENGTH);
		if (bad != null) {
			violations.add(new ErasureRequest.Violation("subject", bad));
		}
		bad = (idempotencyKey != null) ? ErasureRequest.problem(idempotencyKey, ErasureRequest.MAX_REF_LENGTH) : null;
		if (bad != null) {
			violations.add(new ErasureRequest.Violation("Idempotency-Key", bad));
		}
		if (!violations.isEmpty()) {
			throw new InvalidErasureException(violations);
		}
	}

	/** The erasure's key as the appender knows it. */
	private record Item(IdempotencyKey key, byte[] content) implements Keyed {
	}

	/**
	 * The erasure event's provenance ({@code source}, {@code id}) and whether it was
	 * {@code appended} now or is a {@code duplicate} of a request with the same key.
	 */
	record ErasureResponse(String source, String id, String status) {
	}

}

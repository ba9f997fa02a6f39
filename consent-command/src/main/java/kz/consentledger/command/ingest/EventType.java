package kz.consentledger.command.ingest;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvents {@code type}s of contract v1. */
public enum EventType {

	POLICY_PUBLISHED("kz.consent.policy.published.v1", false), GRANTED("kz.consent.granted.v1", true),
	WITHDRAWN("kz.consent.withdrawn.v1", true), POLICY_ACCEPTED("kz.consent.policy.accepted.v1", true),
	DATA_SHARED("kz.consent.data.shared.v1", true), DESTRUCTION_DUE("kz.consent.destruction.due.v1", true),
	DESTRUCTION_DONE("kz.consent.destruction.done.v1", true), AGREEMENT_ENDED("kz.consent.agreement.ended.v1", true),
	PURPOSE_REACHED("kz.consent.purpose.reached.v1", true), REQUEST_RECEIVED("kz.consent.request.received.v1", true),
	REQUEST_ANSWERED("kz.consent.request.answered.v1", true);

	private final String ceType;

	private final boolean aboutSubject;

	EventType(String ceType, boolean aboutSubject) {
		this.ceType = ceType;
		this.aboutSubject = aboutSubject;
	}

	public String ceType() {
		return this.ceType;
	}

	public boolean aboutSubject() {
		return this.aboutSubject;
	}

	/**
	 * The JSON Schema of this type's {@code data}, as published in docs/contract/schemas.
	 */
	public String schemaResource() {
		return "contract/schemas/" + this.ceType + ".schema.json";
	}

	public static Optional<EventType> of(String ceType) {
		return Arrays.stream(values()).filter((type) -> type.ceType.equals(ceType)).findFirst();
	}

}

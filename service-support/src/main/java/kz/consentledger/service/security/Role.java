package kz.consentledger.service.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What an account may do. Every role but {@link #ADMIN} applies to the operators the
 * account names (or to all, with {@code *}).
 */
public enum Role {

	/** Publishes events for its operators (HTTP ingestion). */
	INGEST,

	/**
	 * An operator's data protection officer: reads its operators' subjects and dashboard.
	 */
	DPO,

	/**
	 * A supervisory authority: reads, and exports signed bundles and the access audit.
	 */
	REGULATOR,

	/**
	 * Runs the ledger: rebuilds, checkpoints, verification, metrics. Reads no subject.
	 */
	ADMIN;

	/** The Spring Security authority of the role. */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * The role of a name as written in configuration or a token ({@code dpo},
	 * {@code DPO}).
	 */
	public static Optional<Role> named(String name) {
		String upper = name.strip().toUpperCase(Locale.ROOT);
		String bare = upper.startsWith("ROLE_") ? upper.substring(5) : upper;
		for (Role role : values()) {
			if (role.name().equals(bare)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}

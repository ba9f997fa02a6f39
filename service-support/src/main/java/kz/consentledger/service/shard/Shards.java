package kz.consentledger.service.shard;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import kz.consentledger.proof.Hashes;
import kz.consentledger.service.shard.ShardingProperties.Shard;

/**
 * Which shard keeps an operator's events: the one that lists its BIN, else the one
 * listing {@code *}. Operators never share a rule (a subject's consent, a policy, a clock
 * is always one operator's), so an operator's whole history lives in one shard: one
 * database, one hash chain, one log of checkpoints, whose origin is the ledger's base
 * origin plus {@code /} and the shard's name. The shards' heads are covered by the
 * top-level checkpoint, whose origin is the base plus {@code /shards}.
 */
public final class Shards {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

	private static final Pattern BIN = Pattern.compile("\\d{12}");

	private static final String EVERY_OTHER = "*";

	private static final String TOP_LEVEL = "shards";

	private final List<Shard> shards;

	private final Shard self;

	private final Map<String, Shard> listed = new HashMap<>();

	private final Shard rest;

	private final String baseOrigin;

	/**
	 * @param origin this instance's log origin ({@code ledger.proof.origin}): in a shard,
	 * the base origin followed by {@code /} and the shard's name
	 * @throws IllegalArgumentException naming what is wrong with the map
	 */
	public Shards(ShardingProperties properties, String origin) {
		if (properties.shard().isEmpty()) {
			if (!properties.shards().isEmpty()) {
				throw new IllegalArgumentException("ledger.sharding.shards is set but not this instance's shard: "
						+ "set ledger.sharding.shard (LEDGER_SHARD) to one of its names");
			}
			this.shards = List.of();
			this.self = null;
			this.rest = null;
			this.baseOrigin = origin;
			return;
		}
		this.shards = List.copyOf(properties.shards());
		Set<String> names = new HashSet<>();
		Map<String, String> addresses = new HashMap<>();
		Shard everyOther = null;
		for (Shard shard : this.shards) {
			if (shard.name() == null || !NAME.matcher(shard.name()).matches()) {
				throw new IllegalArgumentException("a shard's name is lower-case letters, digits and dashes (at most "
						+ "31), not " + quoted(shard.name()));
			}
			if (TOP_LEVEL.equals(shard.name())) {
				throw new IllegalArgumentException(
						"no shard is named " + TOP_LEVEL + ": it names the top-level " + "checkpoint's log");
			}
			if (!names.add(shard.name())) {
				throw new IllegalArgumentException("two shards are named " + shard.name());
			}
			if (shard.commandUrl() == null || shard.queryUrl() == null) {
				throw new IllegalArgumentException("shard " + shard.name() + " needs command-url and query-url");
			}
			requireServiceAddress(shard.name(), "command-url", shard.commandUrl());
			requireServiceAddress(shard.name(), "query-url", shard.queryUrl());
			// One address may serve both of a shard's services (an ingress routing by
			// path), never two shards.
			for (URI address : List.of(shard.commandUrl(), shard.queryUrl())) {
				String before = addresses.putIfAbsent(address.toString(), shard.name());
				if (before != null && !before.equals(shard.name())) {
					throw new IllegalArgumentException(
							"shards " + before + " and " + shard.name() + " share the address " + address);
				}
			}
			if (shard.operators().isEmpty()) {
				throw new IllegalArgumentException("shard " + shard.name() + " keeps no operator: list BINs or *");
			}
			for (String operator : shard.operators()) {
				if (EVERY_OTHER.equals(operator)) {
					if (everyOther != null && everyOther != shard) {
						throw new IllegalArgumentException("two shards take every other operator (*): "
								+ everyOther.name() + " and " + shard.name());
					}
					everyOther = shard;
				}
				else if (!BIN.matcher(operator).matches()) {
					throw new IllegalArgumentException("shard " + shard.name() + " lists " + quoted(operator)
							+ ", which is neither a 12-digit BIN nor *");
				}
				else {
					Shard before = this.listed.putIfAbsent(operator, shard);
					if (before != null) {
						throw new IllegalArgumentException("operator " + operator + " is listed by two shards, "
								+ before.name() + " and " + shard.name() + ": its history must be in one");
					}
				}
			}
		}
		if (everyOther == null) {
			throw new IllegalArgumentException("no shard takes the operators no shard lists: give exactly one "
					+ "shard the operator * (else an unlisted operator's events would have nowhere to go)");
		}
		this.rest = everyOther;
		this.self = this.shards.stream()
			.filter((shard) -> shard.name().equals(properties.shard()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"this instance's shard " + quoted(properties.shard()) + " is not in ledger.sharding.shards"));
		if (origin.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("a sharded ledger's origin has no spaces (the top-level checkpoint "
					+ "lists the shards' origins on one line each): " + quoted(origin));
		}
		String suffix = "/" + this.self.name();
		if (!origin.endsWith(suffix) || origin.length() == suffix.length()) {
			throw new IllegalArgumentException("shard " + this.self.name() + "'s log origin must be the ledger's "
					+ "base origin followed by " + suffix + " (two shards under one origin would be two logs "
					+ "claiming one name), not " + quoted(origin) + ": set LEDGER_ORIGIN");
		}
		this.baseOrigin = origin.substring(0, origin.length() - suffix.length());
	}

	/** Whether the ledger is split into shards at all. */
	public boolean sharded() {
		return this.self != null;
	}

	/** The shard that keeps {@code operator}'s events; empty when not sharded. */
	public Optional<Shard> ownerOf(String operator) {
		if (!sharded()) {
			return Optional.empty();
		}
		return Optional.of(this.listed.getOrDefault(operator, this.rest));
	}

	/** Whether this instance's shard keeps {@code operator}'s events. */
	public boolean keeps(String operator) {
		return ownerOf(operator).map((shard) -> shard == this.self).orElse(true);
	}

	/** This instance's shard; empty when not sharded. */
	public Optional<Shard> self() {
		return Optional.ofNullable(this.self);
	}

	/** Every shard, in the order configured. */
	public List<Shard> all() {
		return this.shards;
	}

	/**
	 * The BINs this shard keeps when it takes every other operator too (the operators
	 * other shards list are then {@link #listedElsewhere}), else the BINs it lists.
	 */
	public List<String> listedHere() {
		return this.self.operators().stream().filter((operator) -> !EVERY_OTHER.equals(operator)).toList();
	}

	/** Whether this shard takes every operator no shard lists. */
	public boolean takesTheRest() {
		return this.self == this.rest;
	}

	/** The BINs that other shards list. */
	public List<String> listedElsewhere() {
		List<String> operators = new ArrayList<>();
		this.listed.forEach((operator, shard) -> {
			if (shard != this.self) {
				operators.add(operator);
			}
		});
		operators.sort(null);
		return operators;
	}

	/** The log origin of {@code shard}'s checkpoints. */
	public String originOf(Shard shard) {
		return this.baseOrigin + "/" + shard.name();
	}

	/** The origin of the top-level checkpoint, which covers every shard's head. */
	public String topLevelOrigin() {
		return this.baseOrigin + "/" + TOP_LEVEL;
	}

	/**
	 * Whether this instance's shard seals the top-level checkpoint: the first in the map,
	 * so that exactly one shard does.
	 */
	public boolean sealsTopLevel() {
		return sharded() && this.shards.get(0) == this.self;
	}

	/**
	 * The SHA-256 of the map in a canonical form (each shard in order: name, sorted
	 * operators, addresses): instances given different maps would route the same operator
	 * differently, so the top-level sealer compares every shard's digest with its own.
	 */
	public byte[] digest() {
		StringBuilder text = new StringBuilder();
		for (Shard shard : this.shards) {
			text.append(shard.name())
				.append('\n')
				.append(String.join(",", shard.operators().stream().sorted().toList()))
				.append('\n')
				.append(base(shard.commandUrl()))
				.append('\n')
				.append(base(shard.queryUrl()))
				.append('\n');
		}
		return Hashes.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** An address without trailing slashes, to which a path is appended. */
	public static String base(URI address) {
		return address.toString().replaceAll("/+$", "");
	}

	/**
	 * A service's base address, to which request paths are appended for redirects and
	 * fan-out: http or https to a host, with no credentials (a redirect shows it to
	 * anyone), query or fragment (a path appended would land inside them).
	 */
	private static void requireServiceAddress(String shard, String property, URI address) {
		String scheme = (address.getScheme() != null) ? address.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || address.getHost() == null
				|| address.getRawUserInfo() != null || address.getRawQuery() != null
				|| address.getRawFragment() != null) {
			throw new IllegalArgumentException("shard " + shard + "'s " + property + " must be http:// or https:// "
					+ "and a host, with neither credentials nor a query nor a fragment, not "
					+ quoted(address.toString()));
		}
	}

	private static String quoted(String text) {
		return (text == null) ? "nothing" : "'" + text + "'";
	}

}

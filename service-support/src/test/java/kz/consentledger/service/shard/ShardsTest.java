package kz.consentledger.service.shard;

import java.net.URI;
import java.util.List;

import kz.consentledger.service.shard.ShardingProperties.Shard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * One operator, one shard: the map is total (an unlisted operator goes to the {@code *}
 * shard), unambiguous (no operator in two shards) and refused at start when it is not.
 */
class ShardsTest {

	private static final String KINO = "180440011034";

	private static final String BANK = "990340005977";

	private static final String OTHER = "000000000001";

	private static final String BASE = "consent-ledger.local/ledger";

	private static Shard shard(String name, String... operators) {
		return new Shard(name, List.of(operators), URI.create("http://" + name + "-command:8081"),
				URI.create("http://" + name + "-query:8082"));
	}

	private static Shards map(String self, Shard... shards) {
		return new Shards(new ShardingProperties(self, List.of(shards)), BASE + "/" + self);
	}

	@Test
	void notShardedKeepsEveryOperatorAndSealsNoTopLevel() {
		Shards shards = new Shards(new ShardingProperties("", List.of()), BASE);
		assertThat(shards.sharded()).isFalse();
		assertThat(shards.keeps(KINO)).isTrue();
		assertThat(shards.ownerOf(KINO)).isEmpty();
		assertThat(shards.sealsTopLevel()).isFalse();
	}

	@Test
	void everyOperatorHasExactlyOneOwnerWhicheverShardAsks() {
		Shard a = shard("kz-a", KINO, BANK);
		Shard b = shard("kz-b", "*");
		for (String self : List.of("kz-a", "kz-b")) {
			Shards shards = map(self, a, b);
			assertThat(shards.ownerOf(KINO)).contains(a);
			assertThat(shards.ownerOf(BANK)).contains(a);
			assertThat(shards.ownerOf(OTHER)).contains(b);
		}
		assertThat(map("kz-a", a, b).keeps(KINO)).isTrue();
		assertThat(map("kz-b", a, b).keeps(KINO)).isFalse();
		assertThat(map("kz-b", a, b).listedElsewhere()).containsExactly(KINO, BANK);
		assertThat(map("kz-b", a, b).takesTheRest()).isTrue();
		assertThat(map("kz-a", a, b).listedHere()).containsExactly(KINO, BANK);
	}

	@Test
	void originsDeriveFromTheBaseAndTheFirstShardSealsTheTopLevel() {
		Shard a = shard("kz-a", KINO);
		Shard b = shard("kz-b", "*");
		Shards shards = map("kz-b", a, b);
		assertThat(shards.originOf(a)).isEqualTo(BASE + "/kz-a");
		assertThat(shards.topLevelOrigin()).isEqualTo(BASE + "/shards");
		assertThat(shards.sealsTopLevel()).isFalse();
		assertThat(map("kz-a", a, b).sealsTopLevel()).isTrue();
	}

	@Test
	void theMapsDigestChangesWithAnyRoutingFactButNotWithWhoAsks() {
		Shard a = shard("kz-a", KINO, BANK);
		Shard b = shard("kz-b", "*");
		byte[] digest = map("kz-a", a, b).digest();
		assertThat(map("kz-b", a, b).digest()).isEqualTo(digest);
		assertThat(map("kz-a", shard("kz-a", BANK, KINO), b).digest()).isEqualTo(digest);
		assertThat(map("kz-a", shard("kz-a", KINO), b).digest()).isNotEqualTo(digest);
		assertThat(map("kz-a", a, new Shard("kz-b", List.of("*"), b.commandUrl(), URI.create("http://elsewhere")))
			.digest()).isNotEqualTo(digest);
		assertThat(map("kz-a", a, b, shard("kz-c", OTHER)).digest()).isNotEqualTo(digest);
	}

	@Test
	void aWrongMapIsRefusedNamingWhatIsWrong() {
		Shard a = shard("kz-a", KINO);
		Shard b = shard("kz-b", "*");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", a, shard("kz-b", KINO)))
			.withMessageContaining("operator " + KINO + " is listed by two shards");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", a, shard("kz-b", BANK)))
			.withMessageContaining("no shard takes the operators no shard lists");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", shard("kz-a", "*"), b))
			.withMessageContaining("two shards take every other operator");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", a, shard("kz-a", "*")))
			.withMessageContaining("two shards are named kz-a");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", a, shard("KZ_B", "*")))
			.withMessageContaining("lower-case letters");
		assertThatIllegalArgumentException().isThrownBy(() -> map("shards", shard("shards", KINO), b))
			.withMessageContaining("top-level");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", shard("kz-a", "18044001103"), b))
			.withMessageContaining("neither a 12-digit BIN nor *");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-a", shard("kz-a"), b))
			.withMessageContaining("keeps no operator");
		assertThatIllegalArgumentException().isThrownBy(() -> map("kz-c", a, b))
			.withMessageContaining("'kz-c' is not in ledger.sharding.shards");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> map("kz-a", new Shard("kz-a", List.of(KINO), null, URI.create("http://q")), b))
			.withMessageContaining("needs command-url and query-url");
		for (String address : List.of("kz-a-query:8082", "ftp://kz-a-query", "http://user:secret@kz-a-query",
				"http://kz-a-query:8082?x=1", "http://kz-a-query#top", "http:///no-host")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> map("kz-a", new Shard("kz-a", List.of(KINO), a.commandUrl(), URI.create(address)), b))
				.as(address)
				.withMessageContaining("must be http:// or https:// and a host");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> map("kz-a", a, new Shard("kz-b", List.of("*"), b.commandUrl(), a.queryUrl())))
			.withMessageContaining("shards kz-a and kz-b share the address " + a.queryUrl());
		assertThat(map("kz-a",
				new Shard("kz-a", List.of(KINO), URI.create("https://kz-a.example"),
						URI.create("https://kz-a.example")),
				b)
			.sharded()).as("one address may serve both services of a shard").isTrue();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Shards(new ShardingProperties("kz-a", List.of(a, b)), BASE))
			.withMessageContaining("log origin must be the ledger's base origin followed by /kz-a");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Shards(new ShardingProperties("kz-a", List.of(a, b)), "/kz-a"))
			.withMessageContaining("log origin");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Shards(new ShardingProperties("kz-a", List.of(a, b)), "my ledger/kz-a"))
			.withMessageContaining("has no spaces");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Shards(new ShardingProperties("", List.of(a, b)), BASE))
			.withMessageContaining("set ledger.sharding.shard");
	}

}

package kz.consentledger.proof.note;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static kz.consentledger.proof.note.NoteVectors.SOFA_BODY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeHeadTest {

	private static final String ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

	@Test
	void theSpecificationsExampleCheckpointIsReadAndWrittenBackByteForByte() {
		TreeHead head = TreeHead.parse(SOFA_BODY);

		assertThat(head.origin()).isEqualTo("example.com/behind-the-sofa");
		assertThat(head.size()).isEqualTo(20852163L);
		assertThat(head.root()).isEqualTo(Base64.getDecoder().decode(ROOT));
		assertThat(head.extensions()).isEmpty();
		assertThat(head.body()).isEqualTo(SOFA_BODY);
	}

	@Test
	void extensionLinesAndAnEmptyTreeRoundTrip() {
		TreeHead head = new TreeHead("consent-ledger.local/ledger", 0, new byte[32],
				List.of("heads " + ROOT, "audit 3 " + ROOT));

		assertThat(head.body()).isEqualTo("consent-ledger.local/ledger\n0\n"
				+ Base64.getEncoder().encodeToString(new byte[32]) + "\nheads " + ROOT + "\naudit 3 " + ROOT + "\n");
		assertThat(TreeHead.parse(head.body())).isEqualTo(head);
		assertThat(TreeHead.parse("o\n" + Long.MAX_VALUE + "\n" + ROOT + "\n").size()).isEqualTo(Long.MAX_VALUE);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "``|the note text is empty",
			"`o\\n1\\n" + ROOT + "`|does not end with a line feed", "`o\\n1\\n`|not 2 lines", "`o\\n`|not 1 line",
			"`\\n1\\n" + ROOT + "\\n`|origin is empty", "`o\\n01\\n" + ROOT + "\\n`|without leading zeros",
			"`o\\n-1\\n" + ROOT + "\\n`|without leading zeros", "`o\\n+1\\n" + ROOT + "\\n`|without leading zeros",
			"`o\\n1 \\n" + ROOT + "\\n`|without leading zeros", "`o\\n\\n" + ROOT + "\\n`|without leading zeros",
			"`o\\n١\\n" + ROOT + "\\n`|without leading zeros", "`o\\n9223372036854775808\\n" + ROOT + "\\n`|too large",
			"`o\\n99999999999999999999\\n" + ROOT + "\\n`|without leading zeros",
			"`o\\n1\\nAAAA\\n`|has 3 bytes, not 32",
			"`o\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\\n`|not canonical",
			"`o\\n1\\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\\n`|not base64",
			"`o\\n1\\n" + ROOT + "\\n\\n`|non-empty line", "`o\\n1\\n" + ROOT + "\\next\\n\\nmore\\n`|non-empty line",
			"`o\\r\\n1\\n" + ROOT + "\\n`|control character U+000D" })
	void aMalformedCheckpointIsRefusedSayingWhatIsWrong(String escaped, String message) {
		String body = escaped.replace("\\n", "\n").replace("\\r", "\r");
		assertThatThrownBy(() -> TreeHead.parse(body)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(message);
	}

	@Test
	void aTreeHeadThatCouldNotBeWrittenCannotBeMade() {
		assertThatThrownBy(() -> new TreeHead("", 1, new byte[32], List.of())).hasMessageContaining("origin is empty");
		assertThatThrownBy(() -> new TreeHead("a\nb", 1, new byte[32], List.of())).hasMessageContaining("one line");
		assertThatThrownBy(() -> new TreeHead("o", -1, new byte[32], List.of())).hasMessageContaining("not negative");
		assertThatThrownBy(() -> new TreeHead("o", 1, new byte[31], List.of())).hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> new TreeHead("o", 1, new byte[32], List.of(""))).hasMessageContaining("non-empty");
		assertThatThrownBy(() -> new TreeHead("o", 1, new byte[32], List.of("a\nb"))).hasMessageContaining("non-empty");
	}

}

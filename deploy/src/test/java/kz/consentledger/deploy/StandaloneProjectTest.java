package kz.consentledger.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The project stands on its own (issue 28): a clone with nothing beside it runs the demo
 * and sends the contract's story from its own copies in docs/. Where the originals are
 * beside the repository, the copies must equal them (the examples are compared by
 * CloudEventValidatorTest).
 */
class StandaloneProjectTest {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/** Where the project's sources came from, if they are beside it. */
	private static final Path ORIGINALS = ROOT.resolveSibling("shared");

	/**
	 * A path into the originals: tests may compare with them (src/test), decisions may
	 * tell that they do (docs/adr); nothing that runs or that a reader follows may.
	 */
	private static final Pattern ORIGINALS_REFERENCE = Pattern
		.compile("\\.\\./shared\\b|(?<![\\w-])shared/(?:seeds|docs|contract)\\b");

	private static final Set<String> BUILD_OUTPUTS = Set.of("target", "node_modules");

	@Test
	void seedPoliciesAreTheOriginals() throws IOException {
		Path originals = ORIGINALS.resolve("seeds");
		assumeTrue(Files.isDirectory(originals), "no " + originals + " to compare with");
		try (var files = Files.list(originals)) {
			for (Path original : files.toList()) {
				assertThat(ROOT.resolve("docs/seeds").resolve(original.getFileName().toString()))
					.hasSameBinaryContentAs(original);
			}
		}
	}

	/**
	 * The story's order is written once in prose, in the examples' README; the demo
	 * loader, the example scripts and the end-to-end tests each list it again.
	 */
	@Test
	void everyStoryListFollowsTheExamplesReadme() throws IOException {
		Path examples = ROOT.resolve("docs/contract/examples");
		List<String> story = matches(Pattern.compile("(?m)^\\d+\\. `([a-z-]+)\\.json`"),
				Files.readString(examples.resolve("README.md")));
		assertThat(story).hasSize(9);
		assertThat(story).allSatisfy((name) -> assertThat(examples.resolve(name + ".json")).isRegularFile());
		assertThat(DemoLoader.STORY).isEqualTo(story);
		assertThat(ExampleStory.FILES).isEqualTo(story.stream().map((name) -> name + ".json").toList());
		String scriptStory = matches(Pattern.compile("(?s)LEDGER_STORY=\\(([^)]*)\\)"),
				Files.readString(ROOT.resolve("deploy/lib/common.sh")))
			.get(0);
		assertThat(List.of(scriptStory.trim().split("\\s+"))).isEqualTo(story);
	}

	@Test
	void nothingThatRunsOrIsReadNeedsTheOriginals() throws IOException {
		List<String> references = new ArrayList<>();
		Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				String relative = ROOT.relativize(dir).toString().replace('\\', '/');
				String name = dir.getFileName().toString();
				boolean hidden = !dir.equals(ROOT) && name.startsWith(".") && !name.equals(".ci")
						&& !name.equals(".mvn");
				boolean skipped = BUILD_OUTPUTS.contains(name) || relative.endsWith("src/test")
						|| relative.equals("docs/adr");
				return (hidden || skipped) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				// Latin-1 decodes any byte: binary files read without errors.
				String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
				Matcher matcher = ORIGINALS_REFERENCE.matcher(text);
				while (matcher.find()) {
					references.add(ROOT.relativize(file) + ": " + matcher.group());
				}
				return FileVisitResult.CONTINUE;
			}

		});
		assertThat(references).as("references to the originals beside the repository").isEmpty();
	}

	private static List<String> matches(Pattern pattern, String text) {
		return pattern.matcher(text).results().map((result) -> result.group(1)).toList();
	}

}

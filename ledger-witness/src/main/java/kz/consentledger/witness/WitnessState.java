package kz.consentledger.witness;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import kz.consentledger.proof.Hashes;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;

/**
 * The witness's own storage, a directory: per origin the latest cosigned checkpoint
 * ({@code <sha256(origin)>.checkpoint}, replaced atomically and durably), an append-only
 * history of everything cosigned ({@code cosigned.log}) and an append-only evidence file
 * of refused requests that carried a valid log signature ({@code refused.log}). One
 * witness process at a time holds the directory.
 */
final class WitnessState implements Closeable {

	static final String HISTORY = "cosigned.log";

	static final String EVIDENCE = "refused.log";

	/** The most evidence kept (64 MiB). */
	static final long EVIDENCE_LIMIT = 64L << 20;

	/**
	 * Digests of the refused requests kept since start (at most 10,000, the oldest
	 * forgotten).
	 */
	private final Set<String> kept = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>(16, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > 10_000;
		}

	});

	private final Path directory;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final Map<String, SignedNote> latest = new HashMap<>();

	private WitnessState(Path directory, FileChannel lockChannel, FileLock lock) {
		this.directory = directory;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/**
	 * Opens an existing, writable directory. Refused: a directory another witness holds,
	 * a checkpoint file that this witness did not cosign, or one older than the history
	 * says it cosigned (a state rolled back).
	 */
	static WitnessState open(Path directory, NoteVerifier cosigner) throws IOException {
		if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
			throw new IllegalStateException("the state directory " + directory + " is not a writable directory"
					+ " (create it when the witness key is created, and never delete it)");
		}
		FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException heldInThisProcess) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new IllegalStateException("another witness process uses the state directory " + directory);
		}
		WitnessState state = new WitnessState(directory, channel, lock);
		try {
			state.load(cosigner);
			return state;
		}
		catch (RuntimeException | IOException ex) {
			state.close();
			throw ex;
		}
	}

	Optional<SignedNote> latest(String origin) {
		synchronized (this.latest) {
			return Optional.ofNullable(this.latest.get(origin));
		}
	}

	/**
	 * Makes {@code cosigned} the origin's latest checkpoint, durably, before it returns:
	 * a temporary file, fsync, atomic rename, fsync of the directory; then the history.
	 */
	void record(String origin, SignedNote cosigned) throws IOException {
		byte[] text = cosigned.text().getBytes(StandardCharsets.UTF_8);
		Path target = this.directory.resolve(fileName(origin));
		Path draft = Files.createTempFile(this.directory, ".checkpoint", ".tmp");
		try (FileChannel out = FileChannel.open(draft, StandardOpenOption.WRITE)) {
			out.write(ByteBuffer.wrap(text));
			out.force(true);
		}
		try {
			Files.move(draft, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.deleteIfExists(draft);
			throw ex;
		}
		syncDirectory();
		// after the state: a crash in between leaves a state ahead of the history, never
		// behind
		append(HISTORY, Base64.getEncoder().encodeToString(text));
		synchronized (this.latest) {
			this.latest.put(origin, cosigned);
		}
	}

	/**
	 * Keeps a refused request whose log signature verified: possible proof of log
	 * misbehaviour. A log's public checkpoint can be replayed by anyone with a bad proof:
	 * the same request is kept once, and nothing more once the file holds
	 * {@link #EVIDENCE_LIMIT} bytes (the requests are refused all the same), so replays
	 * cannot fill the witness's disk and stop its cosigning.
	 */
	void evidence(int status, String reason, byte[] request) throws IOException {
		synchronized (this.kept) {
			if (!this.kept.add(Hashes.hex(Hashes.sha256(request)))) {
				return;
			}
		}
		Path file = this.directory.resolve(EVIDENCE);
		if (Files.exists(file) && Files.size(file) >= EVIDENCE_LIMIT) {
			return;
		}
		append(EVIDENCE, Instant.now() + "\t" + status + "\t" + reason.replace('\n', ' ').replace('\t', ' ') + "\t"
				+ Base64.getEncoder().encodeToString(request));
	}

	Path directory() {
		return this.directory;
	}

	@Override
	public void close() throws IOException {
		try {
			this.lock.release();
		}
		finally {
			this.lockChannel.close();
		}
	}

	private void load(NoteVerifier cosigner) throws IOException {
		try (var files = Files.newDirectoryStream(this.directory, "*.checkpoint")) {
			for (Path file : files) {
				SignedNote note = readOwn(file, cosigner);
				this.latest.put(TreeHead.parse(note.body()).origin(), note);
			}
		}
		Path history = this.directory.resolve(HISTORY);
		if (!Files.exists(history)) {
			return;
		}
		String[] lines = Files.readString(history).split("\n", -1);
		// the last element is after the last line feed: empty, or a line cut by a crash
		for (int i = 0; i < lines.length - 1; i++) {
			SignedNote cosigned = SignedNote
				.parse(new String(Base64.getDecoder().decode(lines[i]), StandardCharsets.UTF_8));
			TreeHead head = TreeHead.parse(cosigned.body());
			SignedNote current = this.latest.get(head.origin());
			long currentSize = (current != null) ? TreeHead.parse(current.body()).size() : -1;
			if (currentSize < head.size()) {
				throw new IllegalStateException("the state of " + head.origin() + " was rolled back: the history in "
						+ history + " shows a cosigned tree of " + head.size() + " leaves, the state "
						+ (current != null ? "only " + currentSize : "none"));
			}
		}
	}

	private static SignedNote readOwn(Path file, NoteVerifier cosigner) throws IOException {
		SignedNote note;
		try {
			note = SignedNote.parse(Files.readAllBytes(file));
			if (cosigner.names(note.signatures().get(note.signatures().size() - 1))
					&& !note.verifiedBy(cosigner).isEmpty()) {
				return note;
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("the state file " + file + " is unreadable: " + ex.getMessage());
		}
		throw new IllegalStateException("the state file " + file + " is not cosigned by this witness's key");
	}

	private synchronized void append(String name, String line) throws IOException {
		try (FileChannel out = FileChannel.open(this.directory.resolve(name), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
			out.force(true);
		}
	}

	private void syncDirectory() throws IOException {
		try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			dir.force(true);
		}
	}

	static String fileName(String origin) {
		return HexFormat.of().formatHex(Hashes.sha256(origin.getBytes(StandardCharsets.UTF_8))) + ".checkpoint";
	}

}

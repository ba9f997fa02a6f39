package kz.consentledger.query.store;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A projection's writes for the batch of events being handled, written at the batch's
 * prepare-commit: in the batch's transaction, with the processor's token, so a crash
 * loses or keeps both. One set-based statement per table and batch replaces a statement
 * per event and row, which is what bounded the projections (each statement a round trip,
 * each row firing the dashboard's counting).
 * <p>
 * A write PostgreSQL refuses at prepare-commit rolls the whole batch back, and no single
 * event can be blamed for it. The batch's {@link Mode} hears of it, and the processor
 * handles the same events again event by event: each event's writes at once in a
 * savepoint of their own, so that the one refused fails its own handler and is parked by
 * the dead-letter queue while the others are written (kz.consentledger.query.parking).
 */
public final class BatchWrites {

	private static final String MODE = BatchWrites.class.getName() + ".mode";

	private BatchWrites() {
	}

	/**
	 * How the writes of one batch go.
	 *
	 * @param eventByEvent whether each event's writes are written at once, through
	 * {@code savepoint}, rather than buffered until prepare-commit
	 * @param savepoint runs a write in a savepoint of the batch's transaction: rolled
	 * back to it when the write fails, which is then rethrown
	 * @param failed told when the buffered writes of {@code batch} fail at prepare-commit
	 */
	public record Mode(boolean eventByEvent, Consumer<Runnable> savepoint,
			BiConsumer<UnitOfWork<?>, RuntimeException> failed) {
	}

	/**
	 * Sets how the writes of the batch {@code unitOfWork} belongs to go, unless they were
	 * set already. Without a mode (a dead letter's retry) writes are buffered until the
	 * retry's commit.
	 */
	public static void use(UnitOfWork<?> unitOfWork, Supplier<Mode> mode) {
		unitOfWork.root().getOrComputeResource(MODE, (key) -> mode.get());
	}

	/**
	 * Applies {@code change} to the buffer of {@code type} for the current batch, created
	 * (and its {@code write} registered for prepare-commit) on first use; or, event by
	 * event, to a buffer of this event's own, written at once.
	 * @throws IllegalStateException outside an event processor's unit of work
	 */
	public static <T> void apply(Class<T> type, Supplier<T> create, Consumer<T> write, Consumer<T> change) {
		if (!CurrentUnitOfWork.isStarted()) {
			throw new IllegalStateException(
					"projection writes are buffered per batch: " + type.getSimpleName() + " needs a unit of work");
		}
		UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
		Mode mode = batch.getResource(MODE);
		if (mode != null && mode.eventByEvent()) {
			T own = create.get();
			change.accept(own);
			mode.savepoint().accept(() -> write.accept(own));
			return;
		}
		change.accept(batch.getOrComputeResource(type.getName(), (key) -> {
			T buffer = create.get();
			batch.onPrepareCommit((unitOfWork) -> written(unitOfWork, mode, write, buffer));
			return buffer;
		}));
	}

	private static <T> void written(UnitOfWork<?> batch, Mode mode, Consumer<T> write, T buffer) {
		try {
			write.accept(buffer);
		}
		catch (RuntimeException ex) {
			if (mode != null) {
				mode.failed().accept(batch, ex);
			}
			throw ex;
		}
	}

}

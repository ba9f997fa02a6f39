package kz.consentledger.query.store;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A projection's writes for the batch of events being handled, written at the batch's
 * prepare-commit: in the batch's transaction, with the processor's token, so a crash
 * loses or keeps both. One set-based statement per table and batch replaces a statement
 * per event and row, which is what bounded the projections (each statement a round trip,
 * each row firing the dashboard's counting). A failing write rolls the whole batch back
 * and the processor retries it: nothing is skipped.
 */
public final class BatchWrites {

	private BatchWrites() {
	}

	/**
	 * The buffer of {@code type} for the current batch, created (and its {@code write}
	 * registered) on first use.
	 * @throws IllegalStateException outside an event processor's unit of work
	 */
	public static <T> T of(Class<T> type, Supplier<T> create, Consumer<T> write) {
		if (!CurrentUnitOfWork.isStarted()) {
			throw new IllegalStateException(
					"projection writes are buffered per batch: " + type.getSimpleName() + " needs a unit of work");
		}
		UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
		return batch.getOrComputeResource(type.getName(), (key) -> {
			T buffer = create.get();
			batch.onPrepareCommit((unitOfWork) -> write.accept(buffer));
			return buffer;
		});
	}

}

package dev.cachette.invalidation;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Runs an action once the current transaction has committed, or at once when there is
 * none: a bust must never run before the new data is visible, or a concurrent reader
 * would put the old data straight back into the cache. A rolled-back transaction runs
 * nothing.
 */
final class AfterCommit {

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			AfterCommit.class.getClassLoader());

	private AfterCommit() {
	}

	static void run(Runnable action) {
		if (TRANSACTIONS_PRESENT && Synchronizations.register(action)) {
			return;
		}
		action.run();
	}

	/** Kept apart so that spring-tx is loaded only when it is present. */
	private static final class Synchronizations {

		static boolean register(Runnable action) {
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				return false;
			}
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					action.run();
				}

			});
			return true;
		}

	}

}

package dev.cachette.cache.backend;

/**
 * Renders what went wrong in a client's exception chain for an error message. The top of
 * a chain is often a wrapper ("Failed to obtain JDBC Connection") and its root may carry
 * no message at all (an {@code EOFException} under a pool's "Connection is not available,
 * request timed out after 30000ms"), which a plain {@code getMessage()} of either shows
 * as nothing useful, or as {@code null}.
 */
final class CauseMessages {

	private CauseMessages() {
	}

	/**
	 * The deepest message in the chain, followed by the root's class when the root has no
	 * message of its own; the root's class alone when no exception in the chain has a
	 * message.
	 * @param error the exception
	 * @return the text
	 */
	static String of(Throwable error) {
		String deepestMessage = null;
		Throwable root = error;
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			root = cause;
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				deepestMessage = cause.getMessage();
			}
		}
		String rootMessage = root.getMessage();
		if (rootMessage != null && !rootMessage.isBlank()) {
			return rootMessage;
		}
		String rootName = root.getClass().getName();
		return (deepestMessage != null) ? deepestMessage + " (" + rootName + ")" : rootName;
	}

}

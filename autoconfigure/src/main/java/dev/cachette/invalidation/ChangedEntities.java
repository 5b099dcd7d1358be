package dev.cachette.invalidation;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.data.relational.core.mapping.event.AfterDeleteEvent;
import org.springframework.data.relational.core.mapping.event.AfterSaveEvent;
import org.springframework.util.ClassUtils;

/**
 * Finds the changed object an application event is about, which the rules match on: the
 * entity of Spring Data JDBC's {@code AfterSaveEvent} and {@code AfterDeleteEvent}, the
 * payload of {@code publishEvent(Object)}, or else the event itself.
 */
final class ChangedEntities {

	private static final boolean RELATIONAL_PRESENT = ClassUtils.isPresent(
			"org.springframework.data.relational.core.mapping.event.AfterSaveEvent",
			ChangedEntities.class.getClassLoader());

	private ChangedEntities() {
	}

	/**
	 * The object an event is about.
	 * @param event the event
	 * @return the object, or {@code null} when the event names none (a Spring Data
	 * {@code deleteById} carries only the id, which no rule can work from)
	 */
	static @Nullable Object of(ApplicationEvent event) {
		if (event instanceof PayloadApplicationEvent<?> payload) {
			return payload.getPayload();
		}
		if (RELATIONAL_PRESENT && Relational.isAfterChange(event)) {
			return Relational.entity(event);
		}
		return event;
	}

	/** Kept apart so that Spring Data Relational is loaded only when it is present. */
	private static final class Relational {

		static boolean isAfterChange(ApplicationEvent event) {
			return event instanceof AfterSaveEvent<?> || event instanceof AfterDeleteEvent<?>;
		}

		static @Nullable Object entity(ApplicationEvent event) {
			if (event instanceof AfterSaveEvent<?> saved) {
				return saved.getEntity();
			}
			return ((AfterDeleteEvent<?>) event).getEntity();
		}

	}

}

package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serializable class outside every allow-list whose {@code readObject} records that it
 * ran: the stand-in for a deserialization gadget in a forged cache file.
 */
final class Forged implements Serializable {

	private static final long serialVersionUID = 1L;

	static final AtomicBoolean READ_OBJECT_RAN = new AtomicBoolean();

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		READ_OBJECT_RAN.set(true);
		in.defaultReadObject();
	}

}
